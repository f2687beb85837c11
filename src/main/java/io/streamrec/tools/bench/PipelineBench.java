package io.streamrec.tools.bench;

import io.streamrec.kafka.KafkaClients;
import io.streamrec.kafka.Topics;
import io.streamrec.app.StreamrecApp;
import io.streamrec.config.StreamrecConfig;
import io.streamrec.tools.demo.LatencyRecorder;
import io.streamrec.metrics.PipelineMetrics;
import io.streamrec.scoring.ModelHolder;
import io.streamrec.tools.bench.ScorerBenchmark;
import io.streamrec.tools.sim.EventProducer;
import io.streamrec.tools.sim.ProducePlan;
import io.streamrec.tools.sim.ShopperSimulator;
import io.streamrec.tools.sim.SimulatorSettings;
import io.streamrec.topology.RecommenderTopology;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code streamrec bench}: one backlog of simulated events in the input topics, consumed from the start by each
 * configuration in turn (its own consumer group and output topic), then a fixed-rate phase per configuration for
 * latency; finally the scorer alone at the batch size the shipped configuration used.
 */
public final class PipelineBench {
    /** What to run. */
    public record Plan(int events, double rate, Duration rateDuration, List<BenchMode> modes, int scorerCalls) {
    }

    private static final Duration WARM_UP = Duration.ofSeconds(2);
    private static final double WARM_UP_SHARE = 0.1;

    private final Plan plan;
    private final String bootstrap;
    private final Function<Map<String, String>, StreamrecConfig> configFor;
    private final ModelHolder models;
    private final Path work;
    private final PrintStream out;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final KafkaClients clients;
    private final Admin admin;
    private Map<TopicPartition, Long> backlogStart;
    private Map<TopicPartition, Long> backlogEnd;
    private ShopperSimulator simulator;
    private StateFootprint footprint;

    public PipelineBench(Plan plan, String bootstrap, Function<Map<String, String>, StreamrecConfig> configFor,
                         ModelHolder models, Path work, PrintStream out) {
        this.plan = plan;
        this.bootstrap = bootstrap;
        this.configFor = configFor;
        this.models = models;
        this.work = work;
        this.out = out;
        // The bench's own clients get the kafka.* settings of the configurations it runs (security included).
        this.clients = new KafkaClients(bootstrap, configFor.apply(Map.of()).kafka());
        this.admin = clients.admin();
    }

    public BenchReport run() throws Exception {
        try {
            simulator = new ShopperSimulator(SimulatorSettings.defaults(), Clock.systemUTC());
            backlogStart = endOffsets();
            say("loading a backlog of %d simulated events", plan.events());
            try (EventProducer producer = new EventProducer(clients, Map.of())) {
                producer.produce(simulator, ProducePlan.count(0, plan.events()));
            }
            backlogEnd = endOffsets();
            // Every configuration works off the backlog before any fixed-rate phase adds events behind it, so each
            // throughput figure covers exactly the same records.
            // One unmeasured pass of the shipped topology first: otherwise whichever configuration comes first pays
            // for compiling Kafka Streams' and RocksDB's code paths.
            throughputPhase(BenchMode.SCORED, name(BenchMode.SCORED) + "-warmup", false);
            Map<BenchMode, Throughput> throughput = new EnumMap<>(BenchMode.class);
            for (BenchMode mode : plan.modes()) {
                throughput.put(mode, throughputPhase(mode, name(mode), true));
            }
            List<ModeResult> results = new ArrayList<>();
            for (BenchMode mode : plan.modes()) {
                results.add(latencyPhase(mode, throughput.get(mode)));
            }
            ScorerBenchmark.Row scorer = scorerAlone(results);
            return new BenchReport(results, scorer, footprint, plan.rate());
        } finally {
            admin.close();
        }
    }

    private record Throughput(long events, double seconds, long outputs, double cpuPer1k, double meanBatch,
                              double waitMeanMs, double waitMaxMs) {
    }

    /** A configuration running: the client loop, or the app with its metrics; closing stops it. */
    private record Target(AutoCloseable running, StreamrecApp app, PipelineMetrics metrics) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            running.close();
        }
    }

    private String name(BenchMode mode) {
        return "bench-" + runId + "-" + mode.label();
    }

    private Throughput throughputPhase(BenchMode mode, String name, boolean measured) throws Exception {
        admin.createTopics(List.of(new NewTopic(name, 6, (short) 1))).all().get(30, TimeUnit.SECONDS);
        // Each configuration's group starts at the backlog, whatever the input topics held before it.
        Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
        backlogStart.forEach((tp, offset) -> start.put(tp, new OffsetAndMetadata(offset)));
        admin.alterConsumerGroupOffsets(name, start).all().get(30, TimeUnit.SECONDS);
        say("%s: working off the backlog%s", mode.label(), measured ? "" : " (warm-up, not measured)");
        try (OutputProbe probe = new OutputProbe(clients, name, false); Target target = start(mode, name)) {
            probe.start();
            // The first tenth of the backlog warms the JIT, the broker's caches and the stores; time the rest.
            awaitCommitted(name, backlogEnd, WARM_UP_SHARE);
            long cpuStart = processCpuNanos();
            long begin = System.nanoTime();
            long outputsStart = probe.count();
            long callsStart = target.metrics() == null ? 0 : target.metrics().inferenceCalls();
            long rowsStart = target.metrics() == null ? 0 : target.metrics().inferenceRows();
            awaitCommitted(name, backlogEnd, 1.0);
            double seconds = (System.nanoTime() - begin) / 1e9;
            long events = Math.round(plan.events() * (1 - WARM_UP_SHARE));
            double cpuPer1k = (processCpuNanos() - cpuStart) / 1e9 / (events / 1000.0);
            Thread.sleep(500); // the outputs of the last commit
            long outputs = probe.count() - outputsStart;
            PipelineMetrics m = target.metrics();
            double meanBatch = m == null ? Double.NaN
                    : (double) (m.inferenceRows() - rowsStart) / Math.max(1, m.inferenceCalls() - callsStart);
            if (mode == BenchMode.SCORED && measured) {
                footprint = StateFootprint.of(target.app());
            }
            say("%s: %d backlog events in %.1f s (%.0f events/s), %d outputs", mode.label(), events, seconds,
                    events / seconds, outputs);
            return new Throughput(events, seconds, outputs, cpuPer1k, meanBatch,
                    m == null ? Double.NaN : m.pendingWaitMeanMillis(), m == null ? Double.NaN : m.pendingWaitMaxMillis());
        }
    }

    private ModeResult latencyPhase(BenchMode mode, Throughput t) throws Exception {
        String name = name(mode);
        try (OutputProbe probe = new OutputProbe(clients, name, true); Target target = start(mode, name)) {
            probe.start();
            awaitCommitted(name, endOffsets(), 1.0); // the other configurations' fixed-rate events
            LatencyRecorder latency = ratePhase(probe);
            say("%s: at %.0f events/s p50 %.0f ms, p99 %.0f ms (%d samples)%s", mode.label(), plan.rate(),
                    latency.percentile(0.5), latency.percentile(0.99), latency.count(), commitLatency(target));
            return new ModeResult(mode, t.events(), t.seconds(), t.outputs(), t.cpuPer1k(), t.meanBatch(),
                    t.waitMeanMs(), t.waitMaxMs(), latency.percentile(0.5), latency.percentile(0.95),
                    latency.percentile(0.99), latency.count());
        }
    }

    /** Kafka Streams' own commit latency (mean, max over its metrics window): under exactly-once it is on the path. */
    private static String commitLatency(Target target) {
        if (target.app() == null) {
            return "";
        }
        double avg = 0;
        double max = 0;
        int threads = 0;
        for (var metric : target.app().streams().metrics().values()) {
            if (!metric.metricName().group().equals("stream-thread-metrics")) {
                continue;
            }
            Object value = metric.metricValue();
            if (!(value instanceof Double v) || v.isNaN()) {
                continue;
            }
            if (metric.metricName().name().equals("commit-latency-avg")) {
                avg += v;
                threads++;
            } else if (metric.metricName().name().equals("commit-latency-max")) {
                max = Math.max(max, v);
            }
        }
        return threads == 0 ? "" : String.format(", commit %.1f ms mean, %.0f ms max", avg / threads, max);
    }

    private Target start(BenchMode mode, String name) throws Exception {
        if (mode == BenchMode.CLIENT_LOOP) {
            ClientLoop loop = new ClientLoop(clients, name, name);
            loop.start();
            awaitTrue(loop::isAssigned, Duration.ofSeconds(60));
            return new Target(loop, null, null);
        }
        Map<String, String> settings = new HashMap<>(mode.settings());
        settings.put("application.id", name);
        settings.put("recommendations.topic", name);
        settings.put("state.dir", work.resolve(name).toString());
        settings.put("http.port", "-1");
        settings.put("bootstrap.servers", bootstrap);
        PipelineMetrics metrics = new PipelineMetrics();
        StreamrecApp app = new StreamrecApp(configFor.apply(settings), models, metrics);
        app.start();
        if (!app.awaitRunning(Duration.ofSeconds(120))) {
            app.close();
            throw new IllegalStateException(mode.label() + ": the app did not reach RUNNING");
        }
        return new Target(app, app, metrics);
    }

    /** Produces at the fixed rate; latency counts from the end of the warm-up until the last event's output. */
    private LatencyRecorder ratePhase(OutputProbe probe) throws Exception {
        try (EventProducer producer = new EventProducer(clients, Map.of())) {
            Thread timer = new Thread(() -> {
                try {
                    Thread.sleep(WARM_UP.toMillis());
                    probe.startTiming();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            timer.start();
            producer.produce(simulator, ProducePlan.duration(plan.rate(), plan.rateDuration().plus(WARM_UP)));
            timer.join();
        }
        Thread.sleep(2_000); // the last events' outputs
        return probe.latencies();
    }

    private ScorerBenchmark.Row scorerAlone(List<ModeResult> results) {
        double batch = results.stream().filter(r -> r.mode() == BenchMode.SCORED).mapToDouble(ModeResult::meanBatch)
                .findFirst().orElse(configFor.apply(Map.of()).batchMaxSize());
        int size = Math.max(1, (int) Math.round(batch));
        say("scorer alone at batch %d (the mean batch of 'scored')", size);
        return ScorerBenchmark.run(models.current(), new int[] {size}, plan.scorerCalls(), 7).get(0);
    }

    private Map<TopicPartition, Long> endOffsets() throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (String topic : Topics.eventTopicNames()) {
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        }
        Map<TopicPartition, Long> end = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((tp, info) -> end.put(tp, info.offset()));
        return end;
    }

    /**
     * Until the group's committed offsets cover {@code share} of the records up to {@code end} (1.0: every input
     * partition is committed up to its end).
     */
    private void awaitCommitted(String group, Map<TopicPartition, Long> end, double share) throws Exception {
        long total = end.entrySet().stream().mapToLong(e -> e.getValue() - backlogStart.get(e.getKey())).sum();
        long target = (long) Math.ceil(share * total);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        while (System.nanoTime() < deadline) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            long done = 0;
            boolean all = true;
            for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
                OffsetAndMetadata offset = committed.get(e.getKey());
                long at = offset == null ? backlogStart.get(e.getKey()) : Math.min(offset.offset(), e.getValue());
                done += at - backlogStart.get(e.getKey());
                all &= at >= e.getValue();
            }
            if (share >= 1.0 ? all : done >= target) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException(group + " did not catch up within 30 minutes");
    }

    private static void awaitTrue(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not ready after " + timeout);
            }
            Thread.sleep(20);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private void say(String format, Object... args) {
        out.printf("[bench] " + format + "%n", args);
        out.flush();
    }
}
