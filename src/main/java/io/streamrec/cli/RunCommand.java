package io.streamrec.cli;

import io.streamrec.app.KafkaPreflight;
import io.streamrec.config.StreamrecConfig;
import io.streamrec.http.Exposure;
import io.streamrec.scoring.ModelHolder;
import io.streamrec.scoring.SessionModel;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs the recommender against an existing Kafka cluster until SIGTERM/SIGINT. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the stream app against a Kafka cluster (production entry point).")
public final class RunCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    ConfigOptions configOptions;

    @Option(names = "--close-timeout", defaultValue = "PT30S",
            description = "How long shutdown may take to commit and leave the group (ISO-8601, default ${DEFAULT-VALUE})")
    Duration closeTimeout;

    @Override
    public Integer call() throws Exception {
        StreamrecConfig config = configOptions.load();
        if (!config.hasBootstrapServers()) {
            System.err.println("bootstrap.servers is not set (use --bootstrap, the config file or "
                    + "STREAMREC_BOOTSTRAP_SERVERS); for a self-contained run use `streamrec demo`");
            return 2;
        }
        if (config.http().enabled()) {
            Exposure.bindHost(config.http());
        }
        ModelHolder models = new ModelHolder(SessionModel.load(config.modelDir(), config.inferenceOptions()));
        KafkaPreflight.check(config, Duration.ofSeconds(30));
        ServedApp served = ServedApp.create(config, models);
        Thread hook = new Thread(() -> {
            log.info("shutdown requested; closing within {}", closeTimeout);
            ShutdownOrder.stop(() -> served.close(closeTimeout), models);
        }, "streamrec-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        served.app().start();
        served.app().awaitStop();
        return served.app().failed() ? 1 : 0;
    }
}
