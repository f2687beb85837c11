package io.streamrec.cli;

import io.streamrec.kafka.KafkaClients;
import io.streamrec.tools.broker.EmbeddedKafka;
import io.streamrec.tools.topics.TopicsApplier;
import io.streamrec.tools.topics.TopicsFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code streamrec broker}: runs the embedded single-node broker in the foreground until Ctrl-C. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {"Runs a single-node Kafka broker (KRaft) on 127.0.0.1 in the foreground until Ctrl-C.",
                "Prints 'bootstrap.servers=HOST:PORT' once it accepts clients. Automatic topic creation is off."})
public class BrokerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", description = "Data directory; reused (with its data) if it exists "
            + "(default: a new temporary directory, deleted on exit).")
    Path dir;

    @Option(names = "--port", defaultValue = "0", description = "Client port (default: any free port).")
    int port;

    @Option(names = "--scram-user", paramLabel = "NAME=PASSWORD",
            description = "Also listen on a SASL_PLAINTEXT port that requires SCRAM-SHA-256 as this user (repeatable; "
                    + "users are created when the data directory is first formatted). Prints 'sasl.bootstrap.servers=...'.")
    Map<String, String> scramUsers = new java.util.LinkedHashMap<>();

    @Option(names = "--topics", description = "Apply this topics file once the broker runs, e.g. topics/topics.yaml.")
    Path topicsFile;

    @Override
    public Integer call() throws Exception {
        boolean temporary = dir == null;
        Path dataDir = temporary ? Files.createTempDirectory("streamrec-broker") : dir;
        EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, port, Map.of(), scramUsers);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            if (temporary) deleteQuietly(dataDir);
            stopped.countDown();
        }, "broker-command-shutdown"));

        PrintWriter out = spec.commandLine().getOut();
        if (topicsFile != null) {
            try {
                out.print(TopicsApplier.applyFile(topicsFile, new KafkaClients(kafka.bootstrapServers(), Map.of())).render());
            } catch (IOException | RuntimeException e) {
                kafka.close(); // its threads would otherwise keep the JVM alive
                throw e;
            }
        }
        out.println("data directory: " + dataDir);
        out.println("bootstrap.servers=" + kafka.bootstrapServers());
        if (!scramUsers.isEmpty()) {
            out.println("sasl.bootstrap.servers=" + kafka.saslBootstrapServers() + " (SASL_PLAINTEXT, SCRAM-SHA-256)");
        }
        out.flush();
        stopped.await();
        return 0;
    }

    private static void deleteQuietly(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + root + ": " + e.getMessage());
        }
    }
}
