package io.streamrec.cli;

import io.streamrec.tools.chaos.ChaosRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code streamrec chaos}: the fault-injection run; exit 0 only when nothing was lost, doubled, stale, split across
 * tasks or left behind by an erasure, and the dead-letter topic holds exactly the bad records sent.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = {"Run a broker and app instances as processes under load, inject faults, verify nothing was lost.",
                "A share of the events and every erasure go through librdkafka (Python confluent-kafka, default "
                        + "partitioner: CRC32 of the key, not Java's murmur2) when python3-confluent-kafka is installed.",
                "Ends with: lost= doubled= stale= split= leaked= dlq_expected= dlq_found= model_swap_s= (exit 1 unless the first "
                        + "five are 0 and the DLQ counts match by reason).",
                "  split:  users with state in more than one task or in a task not their own (from the stores' "
                        + "changelogs)",
                "  leaked: erased users still answering over HTTP, holding state in any task, or whose last list "
                        + "is not a tombstone"})
public final class ChaosCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--duration", converter = DurationConverter.class, defaultValue = "2m",
            description = "Load duration (default ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--rate", defaultValue = "2000", description = "Events per second (default ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--users", defaultValue = "2000", description = "Simulated users (default ${DEFAULT-VALUE})")
    int users;

    @Option(names = "--instances", defaultValue = "2", description = "App instances at the start (default ${DEFAULT-VALUE})")
    int instances;

    @Option(names = "--bad-every", defaultValue = "200", description = "One malformed record every N events (default ${DEFAULT-VALUE})")
    int badEvery;

    @Option(names = "--librdkafka-share", defaultValue = "0.33", paramLabel = "FRACTION",
            description = "Share of the events (0 to 1) sent through librdkafka, which also sends every erasure; "
                    + "0 sends everything from Java (default ${DEFAULT-VALUE})")
    double librdkafkaShare;

    @Option(names = "--short", description = "The quick variant: 30 s, 300 events/s, one SIGKILL, erasures (as in make test)")
    boolean quick;

    @Option(names = "--work", description = "Directory for logs and data (default: a new temp directory, kept)")
    Path work;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A kafka.* setting (e.g. kafka.request.timeout.ms=60000) for the app instances and the run's "
                    + "own clients alike; repeatable. The run's broker has a plaintext listener only.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        settings.keySet().stream().filter(key -> !key.startsWith("kafka.")).findFirst().ifPresent(key -> {
            throw new ParameterException(spec.commandLine(), "--set " + key + ": only kafka.* settings");
        });
        ConsoleLogging.quietKafka();
        if (librdkafkaShare < 0 || librdkafkaShare > 1) {
            throw new ParameterException(spec.commandLine(), "--librdkafka-share: between 0 and 1");
        }
        ChaosRun.Plan plan = (quick ? ChaosRun.Plan.quick()
                : new ChaosRun.Plan(duration, rate, users, instances, true, badEvery)).withLibrdkafkaShare(librdkafkaShare);
        Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("streamrec-chaos");
        Path jar = Path.of(ChaosCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        System.out.println("[chaos] logs and data in " + dir);
        ChaosRun run = new ChaosRun(plan, jar, dir, System.out, settings);
        try {
            return run.run() ? 0 : 1;
        } finally {
            run.shutdown();
        }
    }
}
