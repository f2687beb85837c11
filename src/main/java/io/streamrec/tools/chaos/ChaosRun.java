package io.streamrec.tools.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonNode;
import io.streamrec.config.ConfigLoader;
import io.streamrec.config.StreamrecConfig;
import io.streamrec.kafka.KafkaClients;
import io.streamrec.kafka.Topics;
import io.streamrec.tools.models.ModelAnnouncer;
import io.streamrec.tools.topics.TopicsApplier;
import io.streamrec.tools.topics.TopicsFile;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The fault-injection run: a broker and several app instances as separate processes on loopback, a steady load
 * with a known ground truth, and faults on a schedule — SIGKILL of an instance and its restart, a third instance
 * joining, one leaving gracefully, a broker restart — then the verdict.
 */
public final class ChaosRun {
    /** The share of valid events sent through librdkafka unless told otherwise. */
    public static final double DEFAULT_LIBRDKAFKA_SHARE = 0.33;

    /**
     * What to run: how long, how hard, which faults.
     *
     * @param librdkafkaShare the share of valid events (0 to 1) sent through a librdkafka client with its default
     *                        partitioner, which also sends every erasure; 0 sends everything from Java
     */
    public record Plan(Duration duration, double rate, int users, int instances, boolean allFaults, int badEvery,
                       double librdkafkaShare) {
        public Plan {
            if (librdkafkaShare < 0 || librdkafkaShare > 1) {
                throw new IllegalArgumentException("the librdkafka share must be between 0 and 1, not " + librdkafkaShare);
            }
        }

        public Plan(Duration duration, double rate, int users, int instances, boolean allFaults, int badEvery) {
            this(duration, rate, users, instances, allFaults, badEvery, DEFAULT_LIBRDKAFKA_SHARE);
        }

        /** The short variant for the test suite: 30 s, one SIGKILL, mixed producers. */
        public static Plan quick() {
            return new Plan(Duration.ofSeconds(30), 300, 300, 2, false, 100);
        }

        public Plan withLibrdkafkaShare(double share) {
            return new Plan(duration, rate, users, instances, allFaults, badEvery, share);
        }
    }

    private final Plan plan;
    private final Path jar;
    private final Path work;
    private final List<String> swapProblems = new ArrayList<>();
    private double swapSeconds = -1;
    private final PrintStream out;
    private final Map<String, String> settings;
    private final List<AppProcess> apps = new ArrayList<>();
    private final String appId = "chaos-" + UUID.randomUUID().toString().substring(0, 8);
    private AppProcess broker;
    private int brokerPort;
    private String bootstrap;
    private KafkaClients clients;
    private Topics topics;
    private int appCount;

    public ChaosRun(Plan plan, Path jar, Path work, PrintStream out) {
        this(plan, jar, work, out, Map.of());
    }

    /**
     * @param settings {@code kafka.*} settings (e.g. {@code kafka.request.timeout.ms}) for every app instance and
     *                 for the run's own producer, consumers and admin client alike
     */
    public ChaosRun(Plan plan, Path jar, Path work, PrintStream out, Map<String, String> settings) {
        this.plan = plan;
        this.jar = jar;
        this.work = work;
        this.out = out;
        this.settings = Map.copyOf(settings);
    }

    /** Runs the plan; returns true when the verdict passed. The last line printed is the verdict line. */
    public boolean run() throws Exception {
        brokerPort = AppProcess.freePort();
        bootstrap = "127.0.0.1:" + brokerPort;
        // The settings as the app instances read them (environment included), for the run's own clients and topics.
        Map<String, String> overrides = new LinkedHashMap<>(settings);
        overrides.put("bootstrap.servers", bootstrap);
        StreamrecConfig config = ConfigLoader.load(null, overrides);
        clients = KafkaClients.of(config);
        topics = Topics.of(config);
        startBroker();
        applyTopics();
        for (int i = 0; i < plan.instances(); i++) {
            startApp();
        }
        for (AppProcess app : apps) {
            app.awaitReady(Duration.ofSeconds(180));
        }
        say("%d instances ready; load %.0f events/s over %d users for %d s", apps.size(), plan.rate(),
                plan.users(), plan.duration().toSeconds());

        GroundTruth truth = new GroundTruth();
        LibrdkafkaProducer foreign = startLibrdkafka();
        ChaosLoad load = new ChaosLoad(clients, truth, plan.users(), plan.rate(), plan.badEvery(),
                topics.deletions().name(), foreign, plan.librdkafkaShare());
        Thread loadThread = new Thread(load, "chaos-load");
        long started = System.nanoTime();
        loadThread.start();
        List<String> problems = new ArrayList<>();
        try {
            faults(started, load);
            sleepUntil(started, 1.0);
        } finally {
            load.stop();
            loadThread.join();
            load.close();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        say("load stopped: %d events acknowledged (%.0f events/s held through the faults), %d failed sends",
                truth.eventCount(), truth.eventCount() / seconds, load.failed());
        if (load.mixed()) {
            say("producers: Java (murmur2) %d events; %s (default partitioner) %d events and every erasure",
                    load.ackedJava(), foreign.version(), load.ackedLibrdkafka());
        }
        if (load.failed() > 0) {
            problems.add(load.failed() + " sends failed (not counted in the ground truth)");
        }

        ChaosVerifier verifier = new ChaosVerifier(clients, topics, appId, 50);
        awaitQuiet(verifier, truth);
        AppProcess reader = apps.stream().filter(AppProcess::isAlive).findFirst().orElseThrow();
        for (AppProcess app : apps) {
            if (!app.isAlive()) {
                continue;
            }
            if (app.get("/health/live", null).statusCode() != 200) {
                problems.add(app.hostPort() + " is not live");
            }
            if (app.log().contains("stream thread failed") || app.log().contains("Uncaught")) {
                problems.add(app.hostPort() + " logged a failed stream thread");
            }
        }
        say("rerouted to the user's task (counters of the live instances): %s", rerouted());
        problems.addAll(swapProblems);
        ChaosVerdict verdict = verifier.verify(truth, reader, problems);
        verifier.close();
        say("dlq by reason: expected %s found %s", verdict.dlqExpected(), verdict.dlqFound());
        say("state of %d users in %d tasks (read from every store's changelog): %d users in a task not their own "
                + "or in more than one (split)", verdict.usersWithState(), verdict.tasks(), verdict.split());
        say("erased %d users mid-run; each must answer 404, hold no state in any task and end with a tombstone "
                + "(leaked: %d)", truth.erased().size(), verdict.leaked());
        verdict.problems().stream().limit(20).forEach(p -> say("problem: %s", p));
        out.println(verdict.lastLine() + String.format(java.util.Locale.ROOT, " model_swap_s=%.1f", swapSeconds));
        return verdict.passed();
    }

    private void faults(long started, ChaosLoad load) throws Exception {
        sleepUntil(started, 0.25);
        AppProcess victim = apps.get(0);
        say("SIGKILL %s", victim.hostPort());
        victim.kill();
        Thread.sleep(3_000);
        say("restarting it");
        apps.set(0, startAppProcess(0));
        if (!plan.allFaults()) {
            sleepUntil(started, 0.4);
            swapModels();
            sleepUntil(started, 0.5);
            erase(load);
            return;
        }
        sleepUntil(started, 0.4);
        say("adding an instance (rebalance)");
        startApp();
        sleepUntil(started, 0.47);
        swapModels();
        sleepUntil(started, 0.55);
        AppProcess leaving = apps.get(1);
        say("SIGTERM %s (graceful leave)", leaving.hostPort());
        leaving.stop(Duration.ofSeconds(45));
        sleepUntil(started, 0.6);
        erase(load);
        sleepUntil(started, 0.7);
        say("restarting the broker");
        broker.stop(Duration.ofSeconds(60));
        startBroker();
    }

    /**
     * Announces a new version of the model while the load runs and measures when every live instance serves it
     * ({@code /variants}), then announces a corrupt one, which every instance must refuse, going on with the new one.
     */
    private void swapModels() throws Exception {
        Path bundled = Path.of(System.getProperty("streamrec.home", "."), "streams-app", "model");
        Path next = ModelAnnouncer.copyWithVersion(bundled, work.resolve("model-chaos-v2"), "chaos-v2");
        Path corrupt = ModelAnnouncer.copyWithVersion(bundled, work.resolve("model-chaos-v3"), "chaos-v3");
        Files.write(corrupt.resolve("model.onnx"), new byte[] {0, 1, 2, 3});
        StreamrecConfig config = ConfigLoader.load(null, Map.of("bootstrap.servers", bootstrap));
        List<AppProcess> ready = new ArrayList<>();
        for (AppProcess app : List.copyOf(apps)) {
            try {
                if (app.isAlive() && app.get("/health/ready", null).statusCode() == 200) {
                    ready.add(app);
                }
            } catch (java.io.IOException starting) {
                // a restarted instance whose HTTP port is not open yet: not ready
            }
        }
        say("announcing model chaos-v2 as variant A (a hot swap; %d instances ready)", ready.size());
        long announced = System.nanoTime();
        ModelAnnouncer.send(config, "A", ModelAnnouncer.forDirectory("A", next, 1.0));
        double seconds = awaitServed(ready, "chaos-v2", Duration.ofSeconds(30));
        if (seconds < 0) {
            swapProblems.add("the swap to chaos-v2 did not reach every ready instance within 30 s");
        } else {
            say("model swap: every instance that was ready serves chaos-v2 %.1f s after the announcement", seconds);
        }
        swapSeconds = seconds;
        say("announcing a corrupt model chaos-v3 as variant A (must be refused)");
        ModelAnnouncer.send(config, "A", ModelAnnouncer.forDirectory("A", corrupt, 1.0));
        Thread.sleep(3_000);
        if (awaitServed(apps, "chaos-v2", Duration.ofSeconds(30)) < 0) {
            swapProblems.add("after the corrupt announcement some instance no longer serves chaos-v2");
        }
        long elapsed = System.nanoTime() - announced;
        say("corrupt model refused; still serving chaos-v2 (%.1f s since the swap)", elapsed / 1e9);
    }

    /**
     * Seconds until each of {@code instances} still alive shows variant A serving {@code version} on {@code /variants}
     * (-1 if not within {@code timeout}); says when each got there.
     */
    private double awaitServed(List<AppProcess> instances, String version, Duration timeout) throws Exception {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Map<String, Double> servedAfter = new LinkedHashMap<>();
        ObjectMapper json = new ObjectMapper();
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (AppProcess app : List.copyOf(instances)) {
                if (!app.isAlive() || servedAfter.containsKey(app.hostPort())) {
                    continue;
                }
                if (serves(app, json, version)) {
                    servedAfter.put(app.hostPort(), (System.nanoTime() - start) / 1e9);
                } else {
                    all = false;
                }
            }
            if (all) {
                StringBuilder each = new StringBuilder();
                servedAfter.forEach((app, s) -> each.append(String.format(java.util.Locale.ROOT, " %s %.1f s", app, s)));
                say("serving %s:%s", version, each);
                return (System.nanoTime() - start) / 1e9;
            }
            Thread.sleep(100);
        }
        return -1;
    }

    private static boolean serves(AppProcess app, ObjectMapper json, String version) {
        try {
            var reply = app.get("/variants", null);
            if (reply.statusCode() != 200) {
                return false;
            }
            for (var variant : json.readTree(reply.body()).path("variants")) {
                if (variant.path("variant").asText().equals("A") && variant.path("version").asText().equals(version)) {
                    return true;
                }
            }
            return false;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The non-Java producer for the plan's share, or null (and one line saying why) when the share is 0 or
     * Python's confluent-kafka is not installed.
     */
    private LibrdkafkaProducer startLibrdkafka() throws Exception {
        if (plan.librdkafkaShare() <= 0) {
            return null;
        }
        String python = LibrdkafkaProducer.findPython();
        if (python == null) {
            say("python3-confluent-kafka is not installed (apt-get install python3-confluent-kafka): "
                    + "sending everything from Java, erasures included");
            return null;
        }
        LibrdkafkaProducer producer = LibrdkafkaProducer.start(python, work, bootstrap, work.resolve("librdkafka.log"));
        say("%.0f%% of the events and every erasure through %s (Python confluent-kafka, default partitioner)",
                plan.librdkafkaShare() * 100, producer.version());
        return producer;
    }

    /** The live instances' {@code streamrec_records_rerouted_total}, summed by reason. */
    private Map<String, Long> rerouted() {
        Map<String, Long> byReason = new java.util.TreeMap<>();
        for (AppProcess app : apps) {
            if (!app.isAlive()) {
                continue;
            }
            try {
                String metrics = new String(app.get("/metrics", null).body(), java.nio.charset.StandardCharsets.UTF_8);
                ChaosVerifier.reroutedByReason(metrics).forEach((reason, n) -> byReason.merge(reason, n, Long::sum));
            } catch (Exception e) {
                say("could not read %s/metrics: %s", app.hostPort(), e.getMessage());
            }
        }
        return byReason;
    }

    private void erase(ChaosLoad load) throws InterruptedException {
        int count = Math.max(3, plan.users() / 100);
        say("erasing %d users (right to be forgotten)", count);
        load.erase(count);
    }

    /**
     * Waits until every user's latest list reflects their newest event. A slow machine may need minutes to work
     * off the backlog (each user's list turns current only when the app reaches the end of the user's
     * partition), so it waits as long as new lists keep arriving; none for 3 min (or 15 min in all) ends it.
     * Three minutes because, after the faults, a partition's lists sometimes turn visible to read_committed
     * readers only a minute or two later, all at once (seen on an overloaded 2-core machine).
     */
    private void awaitQuiet(ChaosVerifier verifier, GroundTruth truth) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
        long lastProgress = System.nanoTime();
        long recordsSeen = -1;
        while (System.nanoTime() < deadline && System.nanoTime() - lastProgress < TimeUnit.MINUTES.toNanos(3)) {
            Map<String, JsonNode> latest = verifier.latestLists();
            Set<String> erasedPending = new HashSet<>(truth.erased());
            erasedPending.removeAll(verifier.tombstoned());
            long behind = erasedPending.size() + truth.events().entrySet().stream()
                    .filter(e -> ChaosVerifier.isStale(latest.get(e.getKey()), e.getValue())).count();
            if (behind == 0) {
                return;
            }
            if (verifier.recordsRead() > recordsSeen) {
                recordsSeen = verifier.recordsRead();
                lastProgress = System.nanoTime();
            }
            say("waiting for %d users' lists to catch up (%d lists read)", behind, verifier.recordsRead());
            Thread.sleep(2_000);
        }
    }

    private void startApp() throws Exception {
        apps.add(startAppProcess(appCount++));
    }

    private AppProcess startAppProcess(int index) throws Exception {
        Path dir = work.resolve("app-" + index);
        Files.createDirectories(dir);
        List<String> appSettings = new ArrayList<>(List.of("device=cpu"));
        settings.forEach((key, value) -> appSettings.add(key + "=" + value));
        return AppProcess.start(jar, bootstrap, appId, dir.resolve("state"), work.resolve("app-" + index + ".log"),
                appSettings.toArray(String[]::new));
    }

    private void startBroker() throws Exception {
        broker = AppProcess.broker(jar, work.resolve("broker"), brokerPort, work.resolve("broker.log"));
    }

    private void applyTopics() throws Exception {
        TopicsApplier.applyFile(TopicsFile.repositoryFile(), clients);
    }

    private void sleepUntil(long started, double fraction) throws InterruptedException {
        long due = started + (long) (plan.duration().toNanos() * fraction);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    private void say(String format, Object... args) {
        out.printf("[chaos] " + format + "%n", args);
        out.flush();
    }

    /** Stops every process this run started. */
    public void shutdown() {
        for (AppProcess app : apps) {
            try {
                app.close();
            } catch (Exception e) {
                // best effort
            }
        }
        if (broker != null) {
            try {
                broker.stop(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
