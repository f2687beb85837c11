package io.streamrec.cli;

import io.streamrec.tools.models.ModelAnnouncer;
import io.streamrec.app.StreamrecApp;
import io.streamrec.tools.broker.EmbeddedKafka;
import io.streamrec.config.StreamrecConfig;
import io.streamrec.kafka.KafkaClients;
import io.streamrec.tools.demo.DemoRun;
import io.streamrec.scoring.ModelHolder;
import io.streamrec.scoring.SessionModel;
import io.streamrec.tools.sim.CatalogChanges;
import io.streamrec.tools.sim.ShopperSimulator;
import io.streamrec.tools.sim.SimulatorSettings;
import io.streamrec.tools.topics.TopicsApplier;
import io.streamrec.tools.topics.TopicsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import io.streamrec.variants.VariantAnnouncement;
import io.streamrec.variants.VariantKind;
import picocli.CommandLine.Option;

/**
 * Everything in one process: an embedded KRaft broker (unless bootstrap servers are configured), the declared
 * topics, the app with the bundled model, simulated shoppers, and a live console view.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run broker, topics, app and simulated shoppers in one process with a live view.")
public final class DemoCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions configOptions;

    @Option(names = "--duration", converter = DurationConverter.class,
            description = "Stop after this long, e.g. 60s or 2m (default: until Ctrl-C)")
    Duration duration;

    @Option(names = "--rate", defaultValue = "200", description = "Simulated events per second (default ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--users", defaultValue = "5000", description = "Simulated shoppers (default ${DEFAULT-VALUE})")
    int users;

    @Option(names = "--seed", defaultValue = "42", description = "Simulator seed; the bundled model was trained on seed 42's catalog")
    long seed;

    @Option(names = "--bad-every", defaultValue = "5",
            description = "Inject one malformed record every N seconds (0: never; default ${DEFAULT-VALUE})")
    int badEverySeconds;

    @Option(names = "--catalog-changes", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Sell out popular items now and then (back in stock 3 changes later) and launch new items "
                    + "(new-1, ...) that shoppers click; --no-catalog-changes keeps the catalog as published at the "
                    + "start (default: on)")
    boolean catalogChanges;

    @Option(names = "--catalog-every", defaultValue = "5s", converter = DurationConverter.class,
            description = "Time between catalog changes at the target rate; the first comes after "
                    + DemoRun.STEADY_AFTER_SECONDS + " s, once the app is warm (default ${DEFAULT-VALUE})")
    Duration catalogEvery;

    @Option(names = "--ab", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Serve two variants 50/50 (A: the model, B: trending) and report each one's online hit "
                    + "rate (default ${DEFAULT-VALUE}; --no-ab: the model for everyone)")
    boolean ab;

    @Option(names = "--topics", description = "Topic declarations (default: topics/topics.yaml under the install directory)")
    Path topicsFile;

    @Override
    public Integer call() throws Exception {
        ConsoleLogging.quietKafka();
        Path work = Files.createTempDirectory("streamrec-demo");
        StreamrecConfig config = configOptions.load();
        EmbeddedKafka broker = null;
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            awaitQuietly(done);
        }, "demo-ctrl-c"));
        try {
            if (!config.hasBootstrapServers()) {
                System.out.println("starting embedded Kafka broker (KRaft) ...");
                broker = EmbeddedKafka.start(work.resolve("broker"));
                configOptions.settings.put("bootstrap.servers", broker.bootstrapServers());
            }
            // A throwaway state directory: the demo's broker is new each run.
            configOptions.settings.putIfAbsent("state.dir", work.resolve("state").toString());
            // Simulated shoppers only: user endpoints without a token unless one is set.
            configOptions.settings.putIfAbsent("http.trusted.network", "true");
            config = configOptions.load();
            System.out.println("kafka: " + config.bootstrapServers());
            applyTopics(config);
            try (ModelHolder models = new ModelHolder(SessionModel.load(config.modelDir(), config.inferenceOptions()))) {
                System.out.printf("model: %s (%d items) on %s%n", models.current().version(),
                        models.current().vocabulary().size(), models.current().provider());
                if (ab) {
                    ModelAnnouncer.send(config, "A", ModelAnnouncer.forDirectory("A", config.modelDir(), 0.5));
                    ModelAnnouncer.send(config, "B", VariantAnnouncement.withoutModel("B", VariantKind.TRENDING, 0.5));
                    System.out.println("variants: A = the model, B = trending, 50/50 of the shoppers");
                }
                ServedApp served = ServedApp.create(config, models, true);
                StreamrecApp app = served.app();
                if (served.http() != null) {
                    System.out.printf("HTTP: http://localhost:%d/recommendations/{user}  /metrics  /health/ready%n",
                            served.http().port());
                    if (config.http().pageEnabled()) {
                        System.out.printf("live page: http://localhost:%d/%n", served.http().port());
                    }
                }
                app.start();
                if (!app.awaitRunning(Duration.ofSeconds(60))) {
                    System.err.println("the app did not start; see the log above");
                    served.close(Duration.ofSeconds(10));
                    return 1;
                }
                ShopperSimulator simulator = new ShopperSimulator(SimulatorSettings.defaults().withSeed(seed)
                        .withUsers(users).withCatalogChanges(catalogChanges()), Clock.systemUTC());
                DemoRun run = new DemoRun(config, app, simulator, rate,
                        badEverySeconds, System.out);
                System.out.printf("producing %.0f events/s from %d simulated shoppers%s%n", rate, users,
                        duration == null ? " (Ctrl-C to stop)" : " for " + duration.toSeconds() + " s");
                String summary = run.run(duration, stop);
                boolean failed = app.failed();
                served.close(Duration.ofSeconds(30));
                System.out.println(summary);
                return failed ? 1 : 0;
            }
        } finally {
            if (broker != null) broker.close();
            deleteQuietly(work);
            done.countDown();
        }
    }

    /** The schedule counts events: the times are converted at the target rate. */
    private CatalogChanges catalogChanges() {
        if (!catalogChanges) return CatalogChanges.NONE;
        long every = Math.max(1, Math.round(rate * catalogEvery.toMillis() / 1000.0));
        long first = Math.max(1, Math.round(DemoRun.STEADY_AFTER_SECONDS * rate));
        return CatalogChanges.defaults().every(first, every, 3 * every);
    }

    private void applyTopics(StreamrecConfig config) throws Exception {
        Path file = topicsFile != null ? topicsFile : TopicsFile.repositoryFile();
        System.out.print(TopicsApplier.applyFile(file, KafkaClients.of(config)).render());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(45, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception e) {
            // best effort: a temp directory
        }
    }
}
