package io.streamrec.app;

import io.streamrec.config.ConfigException;
import io.streamrec.config.StreamrecConfig;
import io.streamrec.kafka.KafkaClients;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request to the cluster before the stream app starts, with the app's own client settings. Kafka refusing the
 * credentials is a configuration error and stops the start with a clear message; a broker that is merely not up
 * yet is left to the clients, which keep retrying (a pod may start before the brokers do).
 */
public final class KafkaPreflight {
    private static final Logger log = LoggerFactory.getLogger(KafkaPreflight.class);

    private KafkaPreflight() {
    }

    public static void check(StreamrecConfig config, Duration timeout) {
        try (Admin admin = KafkaClients.of(config).admin(timeouts(timeout))) {
            int nodes = admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
            log.info("Kafka at {} answers: {} broker(s)", config.bootstrapServers(), nodes);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof AuthenticationException || cause instanceof AuthorizationException) {
                throw new ConfigException("Kafka at " + config.bootstrapServers() + " refused this app: "
                        + cause.getMessage() + " (check kafka.security.protocol, kafka.sasl.mechanism and "
                        + "kafka.sasl.jaas.config)");
            }
            log.warn("Kafka at {} did not answer yet ({}); starting anyway, the clients keep retrying",
                    config.bootstrapServers(), cause.toString());
        } catch (TimeoutException e) {
            log.warn("Kafka at {} did not answer within {}; starting anyway, the clients keep retrying",
                    config.bootstrapServers(), timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The check's own timeouts, over any of {@code kafka.*}: a start waits no longer than {@code timeout}. */
    static Map<String, Object> timeouts(Duration timeout) {
        return Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 10_000));
    }
}
