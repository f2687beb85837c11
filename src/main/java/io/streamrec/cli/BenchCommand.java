package io.streamrec.cli;

import io.streamrec.config.StreamrecConfig;
import io.streamrec.kafka.KafkaClients;
import io.streamrec.tools.bench.AppLauncher;
import io.streamrec.tools.bench.BenchCatalogs;
import io.streamrec.tools.bench.CatalogReport;
import io.streamrec.tools.bench.BenchMode;
import io.streamrec.tools.bench.CapacityReport;
import io.streamrec.tools.bench.CapacityRule;
import io.streamrec.tools.bench.PipelineBench;
import io.streamrec.tools.chaos.AppProcess;
import io.streamrec.tools.topics.TopicsApplier;
import io.streamrec.tools.topics.TopicsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code streamrec bench}: the sustained capacity of each configuration under an open-loop ramp of fixed rates. The
 * broker (unless {@code --bootstrap}) and every configuration run as separate processes, so each CPU figure is one
 * process's own.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Ramp fixed input rates (open loop) against the minimal exactly-once Kafka Streams app, "
                + "passthrough and scored, each in its own JVM; per step: input rate, lag, lists/s, p50/p95/p99 at a "
                + "read_committed consumer, app CPU; the max sustained rate per configuration (p99 <= 50 ms, lag not "
                + "growing) and the ratios to the minimal app. --json adds one JSON line."})
public final class BenchCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions configOptions;

    @Option(names = "--steps", split = ",", defaultValue = "2000,4000,8000,16000,32000",
            description = "Input rates of the ramp, events/s (default ${DEFAULT-VALUE})")
    List<Integer> steps;

    @Option(names = "--warm-up", converter = DurationConverter.class, defaultValue = "10s",
            description = "Unmeasured start of each step (default ${DEFAULT-VALUE})")
    Duration warmUp;

    @Option(names = "--step-duration", converter = DurationConverter.class, defaultValue = "30s",
            description = "Measured window of each step, after its warm-up (default ${DEFAULT-VALUE})")
    Duration window;

    @Option(names = "--modes", split = ",", defaultValue = "minimal,passthrough,scored",
            description = "Configurations, in order: minimal, passthrough, scored, scored-unbatched (default ${DEFAULT-VALUE})")
    List<String> modes;

    @Option(names = "--users", defaultValue = "1000000", description = "Population size (default ${DEFAULT-VALUE})")
    int users;

    @Option(names = "--user-skew", defaultValue = "0.8",
            description = "Zipf exponent of sessions per user; 0 = uniform (default ${DEFAULT-VALUE})")
    double userSkew;

    @Option(names = "--think-time", converter = DurationConverter.class, defaultValue = "10s",
            description = "Mean time between one shopper's events (default ${DEFAULT-VALUE})")
    Duration thinkTime;

    @Option(names = "--confirm", description = "After a clearly failed step run one more, and stop only if it fails too")
    boolean confirm;

    @Option(names = "--app-java-opts", defaultValue = "-Xmx1g",
            description = "JVM options of each configuration's JVM, space-separated (default ${DEFAULT-VALUE})")
    String appJavaOpts;

    @Option(names = "--json", description = "Print one JSON object as the last line")
    boolean json;

    @Option(names = "--work", description = "Directory for state, logs and the broker (default: a new temp directory)")
    Path work;

    @Option(names = "--catalogs", split = ",",
            description = "Run the ramp once per catalog size, e.g. 12k,100k,1m: the random-weight models "
                    + "<bench-models>/items-<size> (written by streams-app/bin/bench-models when missing), the events' "
                    + "items renamed onto the model's; the first is the reference of the ratios. Default: the "
                    + "configured model only")
    List<String> catalogs;

    @Option(names = "--bench-models", description = "Where the catalogs' models are (default: target/bench-models)")
    Path benchModels;

    @Option(names = "--recall-users", defaultValue = "500",
            description = "With --catalogs: sequences the fast path's recall@10 is measured on (default ${DEFAULT-VALUE})")
    int recallUsers;

    @Override
    public Integer call() throws Exception {
        ConsoleLogging.quietKafka();
        StreamrecConfig base = configOptions.load();
        Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("streamrec-bench");
        Path jar = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        boolean perCatalog = catalogs != null && !catalogs.isEmpty();
        AppLauncher launcher = new AppLauncher(jar, Arrays.asList(appJavaOpts.trim().split("\\s+")),
                configArgs(!perCatalog));
        AppProcess broker = null;
        ProcessHandle brokerProcess = null;
        String bootstrap = base.bootstrapServers();
        if (!base.hasBootstrapServers()) {
            int port = AppProcess.freePort();
            broker = AppProcess.broker(jar, dir.resolve("broker"), port, dir.resolve("broker.log"));
            AppProcess started = broker;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close(); // Ctrl-C or a timeout must not leave the broker process behind
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }, "bench-broker-stop"));
            bootstrap = "127.0.0.1:" + port;
            brokerProcess = ProcessHandle.current().children()
                    .filter(p -> p.info().arguments().map(a -> Arrays.asList(a).contains("broker")).orElse(false))
                    .findFirst().orElse(null);
        }
        try {
            KafkaClients clients = new KafkaClients(bootstrap, base.kafka());
            TopicsApplier.applyFile(TopicsFile.repositoryFile(), clients);
            System.out.printf("[bench] broker %s, steps %s events/s, %s warm-up + %s measured per step, work %s%n",
                    bootstrap, steps, warmUp, window, dir);
            CapacityRule rule = CapacityRule.defaults().withFailuresToStop(confirm ? 2 : 1);
            List<BenchMode> benchModes = modes.stream().map(BenchMode::parse).toList();
            if (perCatalog) {
                CatalogReport report = new CatalogReport();
                for (String catalog : catalogs) {
                    Path model = BenchCatalogs.ensure(catalog, benchModels);
                    CatalogReport.Entry probe = BenchCatalogs.probe(catalog, model, base.inferenceOptions(),
                            recallUsers);
                    System.out.printf("[bench] catalog %s: %,d items, %s; fast path recall@10 %s%n", catalog,
                            probe.items(), probe.retrieval(), probe.recall() == null ? "not measured (no encoder.onnx)"
                                    : String.format(java.util.Locale.ROOT, "%.4f over %d sequences",
                                    probe.recall().recall10(), probe.recall().sequences()));
                    AppLauncher forCatalog = new AppLauncher(jar, launcher.javaOpts(), withModel(model));
                    PipelineBench.Plan plan = new PipelineBench.Plan(steps, warmUp, window, benchModes, users,
                            userSkew, thinkTime, rule, BenchCatalogs.ITEM_PREFIX);
                    CapacityReport capacity = new PipelineBench(plan, clients, forCatalog, brokerProcess, dir,
                            System.out).run();
                    report.add(new CatalogReport.Entry(catalog, model.toString(), probe.items(), probe.retrieval(),
                            probe.recall(), capacity));
                }
                System.out.print(report.table());
                if (json) {
                    System.out.println(report.json());
                }
                return 0;
            }
            PipelineBench.Plan plan = new PipelineBench.Plan(steps, warmUp, window, benchModes, users, userSkew,
                    thinkTime, rule);
            CapacityReport report = new PipelineBench(plan, clients, launcher, brokerProcess, dir, System.out).run();
            System.out.print(report.table());
            if (json) {
                System.out.println(report.json());
            }
            return 0;
        } finally {
            if (broker != null) {
                broker.stop(Duration.ofSeconds(30));
            }
        }
    }

    private List<String> withModel(Path model) {
        List<String> args = new ArrayList<>(configArgs(false));
        args.addAll(List.of("--model", model.toString()));
        return args;
    }

    /** The command's own options, passed on to every configuration's {@code run}. */
    private List<String> configArgs(boolean withModel) {
        List<String> args = new ArrayList<>();
        if (configOptions.file != null) {
            args.addAll(List.of("--config", configOptions.file.toString()));
        }
        if (withModel && configOptions.modelDir != null) {
            args.addAll(List.of("--model", configOptions.modelDir.toString()));
        }
        if (configOptions.device != null) {
            args.addAll(List.of("--device", configOptions.device));
        }
        for (Map.Entry<String, String> setting : configOptions.settings.entrySet()) {
            args.addAll(List.of("--set", setting.getKey() + "=" + setting.getValue()));
        }
        return args;
    }
}
