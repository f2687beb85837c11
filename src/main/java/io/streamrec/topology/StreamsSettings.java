package io.streamrec.topology;

import io.streamrec.config.ConfigException;
import io.streamrec.config.StreamrecConfig;
import io.streamrec.metrics.PipelineMetrics;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.streams.StreamsConfig;

/** The Kafka Streams properties for a {@link StreamrecConfig}; {@code kafka.*} pass-through settings win. */
public final class StreamsSettings {
    /** Kafka settings that streamrec's typed settings decide: a {@code kafka.*} copy would silently win over them. */
    private static final Map<String, String> TYPED = Map.ofEntries(
            Map.entry(StreamsConfig.APPLICATION_ID_CONFIG, "application.id"),
            Map.entry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "bootstrap.servers"),
            Map.entry(StreamsConfig.STATE_DIR_CONFIG, "state.dir"),
            Map.entry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "processing.guarantee"),
            Map.entry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "stream.threads"),
            Map.entry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "commit.interval.ms"),
            Map.entry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "standby.replicas"),
            Map.entry(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "dlq.topic"),
            Map.entry(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, "(the dead-letter handlers)"),
            Map.entry(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, "(the dead-letter handlers)"),
            Map.entry(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, "(the dead-letter handlers)"),
            Map.entry(StreamsConfig.APPLICATION_SERVER_CONFIG, "http.port and http.advertised.host"),
            Map.entry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "group.instance.id"),
            Map.entry(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), "group.instance.id"));

    private StreamsSettings() {
    }

    public static Properties of(StreamrecConfig config, PipelineMetrics metrics) {
        return of(config, metrics, null);
    }

    /**
     * Under exactly-once a record is invisible until its transaction commits, and the commit sends whatever waits,
     * so lingering up to the commit interval costs no visible latency; it spares the stream thread a wake-up of the
     * producer's I/O thread per record (the largest part of its send cost). At-least-once sends at once.
     */
    static long lingerMs(StreamrecConfig config) {
        if (!config.processingGuarantee().equals(StreamsConfig.EXACTLY_ONCE_V2)) {
            return 0;
        }
        return Math.min(EXACTLY_ONCE_LINGER_MS, config.commitInterval().toMillis());
    }

    static final long EXACTLY_ONCE_LINGER_MS = 5;

    /** @param applicationServer {@code host:port} this instance serves interactive queries on, or null */
    public static Properties of(StreamrecConfig config, PipelineMetrics metrics, String applicationServer) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        if (config.hasBootstrapServers()) {
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        }
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.processingGuarantee());
        if (config.processingGuarantee().equals(StreamsConfig.EXACTLY_ONCE_V2)) {
            // HTTP reads (interactive queries) see committed state only, never a transaction that may still abort;
            // transactional stores also spare a crashed instance the full restore that exactly-once used to cost.
            props.put(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG, true);
            props.put(StreamsConfig.DEFAULT_INTERACTIVE_QUERY_ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        }
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitInterval().toMillis());
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.standbyReplicas());
        // The stream thread blocks in poll() for at most this long when idle, which bounds how late a
        // wall-clock batch flush can run.
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
        props.put(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG, config.rocksdbMemoryBytes());
        props.put(StreamsConfig.POLL_MS_CONFIG, Math.max(1, config.batchMaxDelay().toMillis()));
        // Don't hold a task back waiting for data on its other input partitions (purchases are rare): the
        // session store orders interactions by event time itself, so cross-topic ordering buys nothing here.
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProductionHandler.class);
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, config.dlqTopic());
        props.put(DeadLetterHandler.METRICS_CONFIG, metrics);
        // The global stores (catalog, trending, co-purchases) get the same handler: the 5.0 default, opted into now.
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), lingerMs(config));
        if (applicationServer != null) {
            props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        }
        if (config.hasGroupInstanceId()) {
            props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), config.groupInstanceId());
        }
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        refuseOverrides(config.kafka());
        props.putAll(config.kafka());
        return props;
    }

    private static void refuseOverrides(Map<String, String> kafka) {
        for (String key : kafka.keySet()) {
            if (TYPED.containsKey(key)) {
                throw new ConfigException("kafka." + key + " would override streamrec's own setting "
                        + TYPED.get(key) + ": set that instead");
            }
        }
    }
}
