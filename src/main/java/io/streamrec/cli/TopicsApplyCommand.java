package io.streamrec.cli;

import io.streamrec.kafka.KafkaClients;
import io.streamrec.tools.topics.TopicLayoutException;
import io.streamrec.tools.topics.TopicsApplier;
import io.streamrec.tools.topics.TopicsApplyException;
import io.streamrec.tools.topics.TopicsFile;
import io.streamrec.tools.topics.TopicsReport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code streamrec topics apply}: creates missing topics and reports drift.
 *
 * <p>Drift exits with {@value #EXIT_DRIFT}: nothing was changed, but the cluster no longer matches the file,
 * and an automated deploy should stop until a person decides which side is right.
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Creates the declared topics that are missing; never changes or deletes existing ones.",
                "Existing topics whose partitions, replication factor or declared configs differ are reported "
                        + "as drifted and left alone.",
                "A replication factor above the broker count is capped to it (and reported).",
                "The event topics and the deletions topic must share one partition count (the app refuses to start "
                        + "otherwise): a file or cluster where they would not is refused before anything is created.",
                "Exit status: 0 in sync, " + TopicsApplyCommand.EXIT_DRIFT + " drift found (unless --allow-drift), "
                        + TopicsApplyCommand.EXIT_LAYOUT + " input topics with different partition counts, 1 error."})
public class TopicsApplyCommand implements Callable<Integer> {
    static final int EXIT_DRIFT = 3;
    static final int EXIT_LAYOUT = 4;

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap", required = true, description = "Kafka bootstrap servers, HOST:PORT[,...].")
    String bootstrap;

    @Option(names = "--file", defaultValue = "topics/topics.yaml", description = "Topic declarations (default: ${DEFAULT-VALUE}).")
    Path file;

    @Option(names = "--deletions-topic", defaultValue = TopicsApplier.DELETIONS_TOPIC,
            description = "The app's deletions.topic, checked with the event topics (default: ${DEFAULT-VALUE}).")
    String deletionsTopic;

    @Option(names = "--allow-drift", description = "Exit 0 even when existing topics differ from the file.")
    boolean allowDrift;

    @Option(names = "--property", paramLabel = "KEY=VALUE",
            description = "Kafka client setting, repeatable: a kafka.* setting of the app without that prefix "
                    + "(e.g. security.protocol=SASL_SSL); admin.* keys reach only the admin client.")
    Map<String, String> properties = new LinkedHashMap<>();

    @Override
    public Integer call() {
        try (Admin admin = new KafkaClients(bootstrap, properties).admin()) {
            TopicsReport report = new TopicsApplier(admin, Duration.ofSeconds(30),
                    TopicsApplier.inputTopics(deletionsTopic)).apply(TopicsFile.load(file));
            spec.commandLine().getOut().print(report.render());
            spec.commandLine().getOut().flush();
            return report.hasDrift() && !allowDrift ? EXIT_DRIFT : 0;
        } catch (TopicLayoutException e) {
            spec.commandLine().getErr().println("topics apply: " + e.getMessage());
            return EXIT_LAYOUT;
        } catch (IOException | IllegalArgumentException | TopicsApplyException e) {
            spec.commandLine().getErr().println("topics apply: " + e.getMessage());
            return 1;
        }
    }
}
