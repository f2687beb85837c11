package io.streamrec.app;

import io.streamrec.config.ConfigException;
import io.streamrec.config.StreamrecConfig;
import java.time.Duration;
import java.util.HashMap;
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
    private static final String[] OTHER_CLIENT_PREFIXES =
            {"producer.", "consumer.", "main.consumer.", "restore.consumer.", "global.consumer."};

    private KafkaPreflight() {
    }

    public static void check(StreamrecConfig config, Duration timeout) {
        try (Admin admin = Admin.create(adminSettings(config, timeout))) {
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

    /** The settings every client of the app shares (kafka.* without a client prefix), plus admin.* ones. */
    static Map<String, Object> adminSettings(StreamrecConfig config, Duration timeout) {
        Map<String, Object> settings = new HashMap<>();
        config.kafka().forEach((key, value) -> {
            if (key.startsWith("admin.")) {
                settings.put(key.substring("admin.".length()), value);
            } else if (!hasOtherClientPrefix(key)) {
                settings.put(key, value);
            }
        });
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 10_000));
        return settings;
    }

    private static boolean hasOtherClientPrefix(String key) {
        for (String prefix : OTHER_CLIENT_PREFIXES) {
            if (key.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
