package io.streamrec.cli;

import io.streamrec.tools.bench.BenchMode;
import io.streamrec.tools.bench.BenchReport;
import io.streamrec.tools.bench.PipelineBench;
import io.streamrec.tools.chaos.AppProcess;
import io.streamrec.config.StreamrecConfig;
import io.streamrec.kafka.KafkaClients;
import io.streamrec.scoring.ModelHolder;
import io.streamrec.scoring.SessionModel;
import io.streamrec.tools.topics.TopicsApplier;
import io.streamrec.tools.topics.TopicsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code streamrec bench}: the whole pipeline against its own limits, side by side on one backlog. The broker runs
 * as a separate process (unless {@code --bootstrap}), so the CPU figures are the app's own.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure client-loop, passthrough, scored-unbatched and scored on one backlog of simulated "
                + "events, a fixed-rate latency phase for each, and the scorer alone; print a table, the ratios "
                + "and (--json) one JSON line."})
public final class BenchCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions configOptions;

    @Option(names = "--events", defaultValue = "30000", description = "Backlog size (default ${DEFAULT-VALUE})")
    int events;

    @Option(names = "--rate", defaultValue = "1000", description = "Events/s of the latency phase (default ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--rate-duration", converter = DurationConverter.class, defaultValue = "15s",
            description = "Length of the latency phase, after a 2 s warm-up (default ${DEFAULT-VALUE})")
    Duration rateDuration;

    @Option(names = "--modes", split = ",", defaultValue = "client-loop,passthrough,scored-unbatched,scored",
            description = "Configurations to run (default ${DEFAULT-VALUE})")
    List<String> modes;

    @Option(names = "--scorer-calls", defaultValue = "300", description = "Timed calls of the scorer alone (default ${DEFAULT-VALUE})")
    int scorerCalls;

    @Option(names = "--json", description = "Print one JSON object as the last line")
    boolean json;

    @Option(names = "--work", description = "Directory for state and the broker (default: a new temp directory)")
    Path work;

    @Override
    public Integer call() throws Exception {
        ConsoleLogging.quietKafka();
        StreamrecConfig base = configOptions.load();
        Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("streamrec-bench");
        AppProcess broker = null;
        String bootstrap = base.bootstrapServers();
        if (!base.hasBootstrapServers()) {
            int port = AppProcess.freePort();
            Path jar = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
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
        }
        try (ModelHolder models = new ModelHolder(SessionModel.load(base.modelDir(), base.inferenceOptions()))) {
            TopicsApplier.applyFile(TopicsFile.repositoryFile(), new KafkaClients(bootstrap, base.kafka()));
            System.out.printf("[bench] model %s (%d items, %s), broker %s, %d events, latency at %.0f/s%n",
                    models.current().version(), models.current().vocabulary().size(), models.current().provider(),
                    bootstrap, events, rate);
            PipelineBench.Plan plan = new PipelineBench.Plan(events, rate, rateDuration,
                    modes.stream().map(BenchMode::parse).toList(), scorerCalls);
            String servers = bootstrap;
            PipelineBench bench = new PipelineBench(plan, servers, overrides -> {
                Map<String, String> all = new HashMap<>(configOptions.settings);
                all.putAll(overrides);
                all.putIfAbsent("bootstrap.servers", servers);
                return withOptions(all);
            }, models, dir, System.out);
            BenchReport report = bench.run();
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

    /** The command's own options (model, device, config file) under the bench's per-configuration settings. */
    private StreamrecConfig withOptions(Map<String, String> settings) {
        ConfigOptions options = new ConfigOptions();
        options.file = configOptions.file;
        options.modelDir = configOptions.modelDir;
        options.device = configOptions.device;
        options.settings = settings;
        return options.load();
    }
}
