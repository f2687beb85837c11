package io.streamrec.tools.bench;

import io.streamrec.kafka.KafkaClients;
import io.streamrec.tools.sim.CatalogPublisher;
import io.streamrec.tools.sim.EventProducer;
import io.streamrec.tools.sim.ProducePlan;
import io.streamrec.tools.sim.ShopperSimulator;
import io.streamrec.tools.sim.SimulatorSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.GroupState;

/**
 * {@code streamrec bench}: the sustained capacity of each configuration, open loop. Each configuration runs in its
 * own JVM, in its own consumer group starting at the end of the input topics, with its own output topic; the
 * bench produces a ramp of fixed rates into the input topics (never slowing down when the app lags) and measures
 * each step after its warm-up with a {@link StepMeter}. A configuration's ramp stops at its first clear failure
 * ({@link CapacityRule}).
 */
public final class PipelineBench {
    /** What to run. */
    /**
     * What to run. {@code itemPrefix}: the events' items are the simulator's {@code sku-N} renamed to
     * {@code itemPrefix + N} (e.g. {@code item-} for the random benchmark models, whose items are item-1..item-N),
     * or kept as they are when null.
     */
    public record Plan(List<Integer> steps, Duration warmUp, Duration window, List<BenchMode> modes, int users,
                       double userSkew, Duration thinkTime, CapacityRule rule, String itemPrefix) {
        public Plan {
            steps = List.copyOf(steps);
            modes = List.copyOf(modes);
        }

        public Plan(List<Integer> steps, Duration warmUp, Duration window, List<BenchMode> modes, int users,
                    double userSkew, Duration thinkTime, CapacityRule rule) {
            this(steps, warmUp, window, modes, users, userSkew, thinkTime, rule, null);
        }
    }

    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);
    /**
     * At most this rate until a new JVM caught up: at the first step's rate a cold JVM on a busy machine may never
     * work off what arrived during its start, and would carry that backlog into every step.
     */
    private static final int SETTLE_RATE = 500;
    /** The producer runs this much past the window, so the window never sees it stop. */
    private static final Duration PRODUCER_SLACK = Duration.ofSeconds(1);

    private final Plan plan;
    private final String bootstrap;
    private final KafkaClients clients;
    private final AppLauncher launcher;
    private final ProcessHandle broker;
    private final Path work;
    private final PrintStream out;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);

    /** @param broker the broker's process when the bench started one (its CPU is reported), else null */
    public PipelineBench(Plan plan, KafkaClients clients, AppLauncher launcher, ProcessHandle broker, Path work,
                         PrintStream out) {
        this.plan = plan;
        this.bootstrap = clients.bootstrapServers();
        this.clients = clients;
        this.launcher = launcher;
        this.broker = broker;
        this.work = work;
        this.out = out;
    }

    public CapacityReport run() throws Exception {
        ZipfUsers users = new ZipfUsers(plan.users(), plan.userSkew());
        say("population: %,d users, Zipf skew %.2f (the busiest 1%% run %.0f%% of the sessions), think time %s",
                plan.users(), plan.userSkew(), 100 * users.shareOfTop(plan.users() / 100), plan.thinkTime());
        Map<BenchMode, List<StepResult>> results = new LinkedHashMap<>();
        try (CatalogPublisher catalog = new CatalogPublisher(clients, "items")) {
            // the shop's items with their categories, so the ranking rules have a catalog to apply
            say("catalog: %d items published", catalog.publishAll(
                    new ShopperSimulator(SimulatorSettings.defaults(), Clock.systemUTC()).initialCatalog()));
        }
        try (Admin admin = clients.admin(); EventProducer producer = new EventProducer(clients, Map.of())) {
            InputOffsets inputs = new InputOffsets(admin);
            for (BenchMode mode : plan.modes()) {
                results.put(mode, ramp(mode, admin, inputs, producer, users));
            }
        }
        return new CapacityReport(plan, results);
    }

    private List<StepResult> ramp(BenchMode mode, Admin admin, InputOffsets inputs, EventProducer producer,
                                  ZipfUsers users) throws Exception {
        String name = "bench-" + runId + "-" + mode.label();
        admin.createTopics(List.of(new NewTopic(name, 6, (short) 1))).all().get(30, TimeUnit.SECONDS);
        inputs.startGroupAtEnd(name);
        say("%s: starting its JVM (log: %s)", mode.label(), work.resolve(name + ".log"));
        Process app = launcher.start(mode, name, bootstrap, work);
        try (OutputProbe probe = new OutputProbe(clients, name)) {
            awaitAssignment(admin, name, app);
            probe.start();
            settle(name, inputs, probe, producer, users, Math.min(SETTLE_RATE, plan.steps().get(0)));
            List<StepResult> steps = new ArrayList<>();
            for (int i = 0; i < plan.steps().size(); i++) {
                int rate = plan.steps().get(i);
                ShopperLoad load = new ShopperLoad(users, rate, plan.thinkTime(), runId + "-" + i + "-", 42 + i,
                        plan.itemPrefix());
                StepMeter meter = new StepMeter(inputs, name, probe, app.toHandle(), broker, plan.warmUp(),
                        plan.window(), rate);
                FutureTask<StepResult> measuring = new FutureTask<>(meter);
                new Thread(measuring, "bench-step-meter").start();
                producer.produce(load, ProducePlan.duration(rate, plan.warmUp().plus(plan.window()).plus(PRODUCER_SLACK)));
                StepResult step = measuring.get();
                steps.add(step);
                say("%s at %,d/s: %s", mode.label(), rate, describe(step));
                if (!app.isAlive()) {
                    throw new IllegalStateException(mode.label() + " exited (" + app.exitValue() + "); see "
                            + work.resolve(name + ".log"));
                }
                if (plan.rule().stop(steps)) {
                    break;
                }
            }
            return steps;
        } finally {
            app.destroy(); // SIGTERM: the app commits and leaves the group
            if (!app.waitFor(30, TimeUnit.SECONDS)) {
                app.destroyForcibly().waitFor();
            }
        }
    }

    /**
     * A JVM just started has its start-up (transactions, stores, compilation) still ahead of it when it joins the
     * group; unmeasured load at a low rate until its output flows and it stays less than a second
     * behind for three seconds (at most a minute), so that the first step measures the app rather than its start.
     */
    private void settle(String group, InputOffsets inputs, OutputProbe probe, EventProducer producer, ZipfUsers users,
                        int rate) throws Exception {
        ShopperLoad load = new ShopperLoad(users, rate, plan.thinkTime(), runId + "-settle-", 41,
                plan.itemPrefix());
        long start = System.nanoTime();
        long lag;
        int caughtUp = 0; // seconds in a row: one good second right after the start can be a first commit's luck
        do {
            producer.produce(load, ProducePlan.duration(rate, Duration.ofSeconds(1)));
            lag = inputs.lag(group);
            caughtUp = probe.seen() > 0 && lag <= rate ? caughtUp + 1 : 0;
        } while (caughtUp < 3 && System.nanoTime() - start < SETTLE_TIMEOUT.toNanos());
        say("%s: settled in %.0f s (lag %d, %d outputs)", group, (System.nanoTime() - start) / 1e9, lag, probe.seen());
    }

    private String describe(StepResult s) {
        return String.format(Locale.ROOT, "in %.0f/s, lag %d -> %d (fitted rise %.0f), %.0f outputs/s, "
                        + "p50/p95/p99 %.0f/%.0f/%.0f ms, app %.2f cores -> %s", s.achievedEps(), s.lagStart(),
                s.lagEnd(), s.lagGrowth(), s.listsPerSecond(), s.p50Ms(), s.p95Ms(), s.p99Ms(), s.appCpuCores(),
                plan.rule().verdict(s));
    }

    /** Until the app's group is stable with partitions assigned; fails early when the JVM exits. */
    private void awaitAssignment(Admin admin, String group, Process app) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!app.isAlive()) {
                throw new IllegalStateException(group + " exited with " + app.exitValue() + " while starting; see "
                        + work.resolve(group + ".log"));
            }
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).describedGroups()
                    .get(group).get(30, TimeUnit.SECONDS);
            boolean assigned = description.members().stream()
                    .anyMatch(m -> !m.assignment().topicPartitions().isEmpty());
            if (description.groupState() == GroupState.STABLE && assigned) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(group + " was not assigned its partitions within " + START_TIMEOUT
                + "; see " + work.resolve(group + ".log"));
    }

    private void say(String format, Object... args) {
        out.printf(Locale.ROOT, "[bench] " + format + "%n", args);
        out.flush();
    }
}
