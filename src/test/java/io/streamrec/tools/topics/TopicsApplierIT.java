package io.streamrec.tools.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.tools.broker.EmbeddedKafka;
import io.streamrec.cli.TopicsCommand;
import io.streamrec.tools.topics.TopicsReport.Status;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TopicsApplierIT {
    @TempDir
    static Path dataDir;
    static EmbeddedKafka kafka;
    static Admin admin;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start(dataDir);
        admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
    }

    @AfterAll
    static void stopBroker() {
        admin.close();
        kafka.close();
    }

    @Test
    void shouldCreateTheProductionTopicsCappedToOneBrokerThenFindThemUnchanged() throws Exception {
        List<TopicSpec> declared = TopicsFile.load(TopicsFile.DEFAULT_PATH);

        TopicsReport first = new TopicsApplier(admin).apply(declared);
        TopicsReport second = new TopicsApplier(admin).apply(declared);

        List<String> names = declared.stream().map(TopicSpec::name).toList();
        assertEquals(names, first.created(), first.render());
        assertTrue(first.entries().get(0).details().contains("replication factor 3 capped to 1: the cluster has 1 broker"),
                first.render());
        assertTrue(first.entries().get(0).details().contains("min.insync.replicas 2 capped to 1"), first.render());
        assertEquals(names, second.unchanged(), second.render());
        TopicDescription recommendations = admin.describeTopics(List.of("recommendations")).allTopicNames().get()
                .get("recommendations");
        assertEquals(6, recommendations.partitions().size());
        assertEquals("compact", topicConfig("recommendations").get("cleanup.policy").value());
        assertEquals("1", topicConfig("events.click").get("min.insync.replicas").value());
    }

    @Test
    void shouldReportDriftedTopicsAndLeaveThemAlone() throws Exception {
        admin.createTopics(List.of(new NewTopic("drift-partitions", 2, (short) 1),
                new NewTopic("drift-config", 3, (short) 1).configs(Map.of("retention.ms", "1000")))).all().get();
        LeaderWait.await(admin, Map.of("drift-partitions", 2, "drift-config", 3), Duration.ofSeconds(30));
        List<TopicSpec> declared = List.of(
                new TopicSpec("drift-partitions", 4, (short) 1, Map.of()),
                new TopicSpec("drift-config", 3, (short) 1, Map.of("retention.ms", "2000")),
                new TopicSpec("drift-new", 1, (short) 1, Map.of()));

        TopicsReport report = new TopicsApplier(admin).apply(declared);

        assertEquals(List.of("drift-partitions", "drift-config"), report.drifted(), report.render());
        assertEquals(List.of("drift-new"), report.created());
        assertEquals(List.of("partitions: declared 4, actual 2"), report.entries().get(0).details());
        assertEquals(List.of("retention.ms: declared 2000, actual 1000"), report.entries().get(1).details());
        assertEquals(2, admin.describeTopics(List.of("drift-partitions")).allTopicNames().get()
                .get("drift-partitions").partitions().size());
        assertEquals("1000", topicConfig("drift-config").get("retention.ms").value());
    }

    @Test
    void shouldExitWithDriftStatusFromTheCommandLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("topics.yaml");
        Files.writeString(file, "topics: [{name: cli-topic, partitions: 2, replication_factor: 3}]\n");
        assertEquals(0, topicsApply(file));
        Files.writeString(file, "topics: [{name: cli-topic, partitions: 5, replication_factor: 3}]\n");

        assertEquals(3, topicsApply(file));
        assertEquals(0, topicsApply(file, "--allow-drift"));
    }

    @Test
    void shouldRefuseToCreateInputTopicsWhoseCountDiffersFromAnExistingOneAndCreateNothing() throws Exception {
        // As when a producer auto-created the deletions topic with one partition before the file was applied.
        admin.createTopics(List.of(new NewTopic("layout-deletions", 1, (short) 1))).all().get();
        LeaderWait.await(admin, Map.of("layout-deletions", 1), Duration.ofSeconds(30));
        List<String> inputs = List.of("layout-click", "layout-cart", "layout-deletions");
        List<TopicSpec> declared = List.of(new TopicSpec("layout-click", 6, (short) 1, Map.of()),
                new TopicSpec("layout-cart", 6, (short) 1, Map.of()),
                new TopicSpec("layout-deletions", 6, (short) 1, Map.of()),
                new TopicSpec("layout-output", 6, (short) 1, Map.of()));

        TopicLayoutException refused = assertThrows(TopicLayoutException.class,
                () -> new TopicsApplier(admin, Duration.ofSeconds(30), inputs).apply(declared));

        assertTrue(refused.getMessage().contains("refusing to create topics: "), refused.getMessage());
        assertTrue(refused.getMessage().contains("layout-cart (to create)=6, layout-click (to create)=6, "
                + "layout-deletions=1"), refused.getMessage());
        Set<String> names = admin.listTopics().names().get();
        assertFalse(names.contains("layout-click") || names.contains("layout-cart") || names.contains("layout-output"),
                "nothing created: " + names);
    }

    @Test
    void shouldExitWithTheLayoutStatusNamingTheTopicsFromTheCommandLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("topics.yaml");
        Files.writeString(file, "topics: [{name: events.click, partitions: 6, replication_factor: 1},"
                + " {name: cli-deletions, partitions: 2, replication_factor: 1}]\n");
        StringWriter err = new StringWriter();

        int status = new CommandLine(new TopicsCommand()).setOut(new PrintWriter(new StringWriter()))
                .setErr(new PrintWriter(err)).execute("apply", "--bootstrap", kafka.bootstrapServers(),
                        "--file", file.toString(), "--deletions-topic", "cli-deletions");

        assertEquals(4, status, err.toString());
        assertTrue(err.toString().contains("refusing to apply the file: ") && err.toString().contains(
                "{cli-deletions=2, events.click=6}"), err.toString());
        assertFalse(admin.listTopics().names().get().contains("cli-deletions"), "nothing created");
    }

    private static int topicsApply(Path file, String... more) {
        StringWriter out = new StringWriter();
        List<String> args = new ArrayList<>(List.of("apply", "--bootstrap", kafka.bootstrapServers(),
                "--file", file.toString()));
        args.addAll(List.of(more));
        return new CommandLine(new TopicsCommand()).setOut(new PrintWriter(out)).execute(args.toArray(String[]::new));
    }

    private static Config topicConfig(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }
}
