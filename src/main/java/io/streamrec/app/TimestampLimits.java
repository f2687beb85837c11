package io.streamrec.app;

import io.streamrec.config.ConfigException;
import io.streamrec.config.StreamrecConfig;
import io.streamrec.kafka.KafkaClients;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An event may be stamped up to {@code event.max.future.ms} ahead of the clock, and the changelog writes made while
 * processing it carry its time. The brokers refuse writes stamped further ahead than their
 * {@code log.message.timestamp.after.max.ms} (1 h by default, as {@code event.max.future.ms}): a larger allowance
 * would make those writes fail and stop the instance, so it is refused at start.
 */
public final class TimestampLimits {
    static final String BROKER_LIMIT = "log.message.timestamp.after.max.ms";
    private static final Logger log = LoggerFactory.getLogger(TimestampLimits.class);

    private TimestampLimits() {
    }

    /** Throws when {@code maxFuture} is above a broker's limit. */
    public static void require(Duration maxFuture, Map<String, Long> limitByBroker) {
        limitByBroker.forEach((broker, limit) -> {
            if (maxFuture.toMillis() > limit) {
                throw new ConfigException("event.max.future.ms=" + maxFuture.toMillis() + " is above broker "
                        + broker + "'s " + BROKER_LIMIT + "=" + limit + ": writes for such events would be refused; "
                        + "lower event.max.future.ms");
            }
        });
    }

    public static void check(StreamrecConfig config, Duration timeout) {
        try (Admin admin = KafkaClients.of(config).admin()) {
            Collection<ConfigResource> brokers = admin.describeCluster().nodes().get(timeout.toMillis(),
                    TimeUnit.MILLISECONDS).stream().map(n -> new ConfigResource(ConfigResource.Type.BROKER,
                    n.idString())).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(brokers).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<String, Long> limits = new java.util.TreeMap<>();
            configs.forEach((broker, brokerConfig) -> {
                ConfigEntry entry = brokerConfig.get(BROKER_LIMIT);
                if (entry != null && entry.value() != null) {
                    limits.put(broker.name(), Long.parseLong(entry.value()));
                }
            });
            require(config.maxFutureSkew(), limits);
        } catch (ConfigException e) {
            throw e;
        } catch (Exception e) {
            // Describing configs may be forbidden by ACLs; that is no reason not to start.
            log.warn("could not read the brokers' {} ({}); make sure event.max.future.ms is not above it",
                    BROKER_LIMIT, e.toString());
        }
    }
}
