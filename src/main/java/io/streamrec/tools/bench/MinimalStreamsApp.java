package io.streamrec.tools.bench;

import io.streamrec.config.ConfigLoader;
import io.streamrec.config.StreamrecConfig;
import io.streamrec.kafka.Topics;
import io.streamrec.metrics.PipelineMetrics;
import io.streamrec.topology.StreamsSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The floor under every streamrec configuration in {@code streamrec bench}: the smallest exactly-once Kafka Streams
 * app over the same input topics. It counts events per user in one persistent, changelogged, cached store and emits
 * {@code {"user","count","event_ts"}} per event (the record's timestamp is the event time), without parsing the
 * event. Its Kafka Streams settings are the app's ({@link StreamsSettings}: exactly_once_v2, commit interval,
 * stream threads, transactional stores, RocksDB bounds, linger), so only the topology differs.
 *
 * <p>Runs as its own JVM: {@code java -cp streamrec.jar io.streamrec.tools.bench.MinimalStreamsApp --output TOPIC
 * [--bootstrap B] [--config FILE] [--set key=value ...]}; SIGTERM stops it.
 */
public final class MinimalStreamsApp {
    public static final String SOURCE = "events";
    public static final String COUNTER = "count-per-user";
    public static final String SINK = "counts";
    public static final String STORE = "counts-per-user";

    private MinimalStreamsApp() {
    }

    public static Topology topology(String outputTopic) {
        Topology topology = new Topology();
        topology.addSource(SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                Topics.eventTopicNames().toArray(String[]::new));
        topology.addProcessor(COUNTER, CountPerUser::new, SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE),
                Serdes.String(), Serdes.Long()).withCachingEnabled(), COUNTER);
        topology.addSink(SINK, outputTopic, Serdes.String().serializer(), Serdes.ByteArray().serializer(), COUNTER);
        return topology;
    }

    /** get-or-zero, increment, put, forward. */
    static final class CountPerUser implements Processor<String, byte[], String, byte[]> {
        private ProcessorContext<String, byte[]> context;
        private KeyValueStore<String, Long> counts;

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.context = context;
            this.counts = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            if (record.key() == null) {
                return;
            }
            Long before = counts.get(record.key());
            long count = before == null ? 1 : before + 1;
            counts.put(record.key(), count);
            byte[] value = ("{\"user\":\"" + record.key().replace("\\", "\\\\").replace("\"", "\\\"")
                    + "\",\"count\":" + count + ",\"event_ts\":" + record.timestamp() + "}")
                    .getBytes(StandardCharsets.UTF_8);
            context.forward(record.withValue(value));
        }
    }

    public static void main(String[] args) throws Exception {
        Path file = null;
        String output = null;
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--output" -> output = value;
                case "--config" -> file = Path.of(value);
                case "--bootstrap" -> overrides.put("bootstrap.servers", value);
                case "--set" -> overrides.put(value.substring(0, value.indexOf('=')), value.substring(value.indexOf('=') + 1));
                default -> { } // the app's other options (--model, --device, --http-port) mean nothing here
            }
        }
        if (output == null) {
            System.err.println("usage: MinimalStreamsApp --output TOPIC [--bootstrap B] [--config FILE] [--set k=v]...");
            System.exit(2);
        }
        StreamrecConfig config = ConfigLoader.load(file, overrides);
        KafkaStreams streams = new KafkaStreams(topology(output), StreamsSettings.of(config, new PipelineMetrics()));
        CountDownLatch stopped = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                stopped.countDown();
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            streams.close(java.time.Duration.ofSeconds(30));
            stopped.countDown();
        }, "minimal-app-stop"));
        streams.start();
        stopped.await();
    }
}
