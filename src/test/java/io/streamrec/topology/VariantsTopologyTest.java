package io.streamrec.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamrec.TestModels;
import io.streamrec.config.ConfigLoader;
import io.streamrec.config.StreamrecConfig;
import io.streamrec.events.Event;
import io.streamrec.events.EventCodec;
import io.streamrec.events.EventType;
import io.streamrec.kafka.Topics;
import io.streamrec.metrics.PipelineMetrics;
import io.streamrec.ranking.Recommendation;
import io.streamrec.ranking.RecommendationCodec;
import io.streamrec.scoring.ModelHolder;
import io.streamrec.scoring.ScoredItem.Source;
import io.streamrec.tools.models.ModelAnnouncer;
import io.streamrec.variants.ModelEvent;
import io.streamrec.variants.OnlineFeedback;
import io.streamrec.variants.Population;
import io.streamrec.variants.VariantAnnouncement;
import io.streamrec.variants.VariantKind;
import io.streamrec.variants.VariantModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model variants in the real topology: a hot swap, a refused model, a rollback, and a 50/50 split with trending. */
class VariantsTopologyTest {
    private static final Deserializer<Recommendation> READ =
            (topic, bytes) -> bytes == null ? null : RecommendationCodec.read(bytes);

    @TempDir
    Path tmp;
    private ModelHolder startup;
    private VariantModels variants;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> clicks;
    private TestOutputTopic<String, Recommendation> recommendations;
    private final EventCodec codec = new EventCodec();
    private final OnlineFeedback feedback = new OnlineFeedback();
    private final PipelineMetrics metrics = new PipelineMetrics();
    private long now = System.currentTimeMillis() - 60_000;

    @BeforeEach
    void start() {
        startup = new ModelHolder(TestModels.demoModel());
        StreamrecConfig config = ConfigLoader.load(null, Map.of(), Map.of("batch.max.size", "64"));
        variants = RecommenderTopology.variantsOf(config, startup, Clock.systemUTC());
        driver = TopologyDrivers.start(config, startup, variants, feedback, metrics);
        clicks = driver.createInputTopic(Topics.eventTopic(EventType.CLICK), new StringSerializer(),
                new ByteArraySerializer());
        recommendations = driver.createOutputTopic(config.recommendationsTopic(), new StringDeserializer(), READ);
    }

    @AfterEach
    void stop() {
        driver.close();
        variants.close();
        startup.close();
    }

    @Test
    void shouldSwitchToAnAnnouncedModelBetweenBatchesAndRollBack() throws IOException {
        String original = startup.current().version();
        assertEquals(original, refresh("u1").model());
        assertEquals("default", refresh("u1").variant());

        Path v2 = copy("v2");
        assertEquals(ModelEvent.Outcome.ACCEPTED, variants.announce(announce("A", v2)).outcome());
        Recommendation after = refresh("u1");
        assertEquals("v2", after.model());
        assertEquals("A", after.variant());

        Path v1 = copy("v1-again");
        variants.announce(announce("A", v1));
        assertEquals("v1-again", refresh("u1").model(), "rollback is announcing the previous model again");
    }

    @Test
    void shouldRefuseACorruptModelAndKeepServingTheOldOne() throws IOException {
        variants.announce(announce("A", copy("v2")));
        Path truncated = copy("v3");
        Files.write(truncated.resolve("model.onnx"), new byte[] {1, 2, 3});
        ModelEvent refusedTruncated = variants.announce(announce("A", truncated));
        Path wrongSha = copy("v4");
        ModelEvent refusedSha = variants.announce(VariantAnnouncement.model("A", "v4", wrongSha.toAbsolutePath(),
                "0".repeat(64), 1.0));

        assertTrue(refusedTruncated.refused(), refusedTruncated.toString());
        assertTrue(refusedSha.refused(), refusedSha.toString());
        assertEquals("v2", refresh("u2").model());
    }

    @Test
    void shouldSplitUsersStablyBetweenAModelAndTrending() throws IOException {
        variants.announce(announce("A", copy("v2"), 0.5));
        variants.announce(VariantAnnouncement.withoutModel("B", VariantKind.TRENDING, 0.5));
        Set<String> seen = new HashSet<>();
        for (int user = 0; user < 40; user++) {
            Recommendation rec = refresh("user-" + user);
            seen.add(rec.variant());
            assertEquals(variants.assignment().assign("user-" + user), rec.variant());
            if (rec.variant().equals("B")) {
                assertEquals("trending", rec.model());
                assertTrue(rec.items().stream().allMatch(i -> i.source() != Source.MODEL), rec.toString());
            } else {
                assertEquals("v2", rec.model());
            }
            assertEquals(rec.variant(), refresh("user-" + user).variant(), "a user stays in their variant");
        }
        assertEquals(Set.of("A", "B"), seen);
    }

    @Test
    void shouldCountWhereEachEventStoodInTheListTheUserWasLastSent() {
        Recommendation first = refresh("shopper");
        String third = first.items().get(2).item();
        Recommendation second = click("shopper", third);
        String outside = startup.current().vocabulary().item(999);
        assertTrue(second.items().stream().noneMatch(i -> i.item().equals(outside)));
        click("shopper", outside);
        click("shopper", startup.current().vocabulary().item(5)); // the first event's item: already known

        var all = feedback.snapshot().variant("default", EventType.CLICK, Population.ALL);
        var fresh = feedback.snapshot().variant("default", EventType.CLICK, Population.NEW_ITEM);
        assertEquals(3, all.events(), "the first event had no list to be matched against");
        assertEquals(1, all.hitsAt(3), third + " was third in the list sent before it was clicked");
        assertEquals(2, fresh.events(), "the click on an item from the user's history is not a new-item event");
        assertEquals(3.0, metrics.registry().counter("streamrec.feedback.events", "variant", "default", "type",
                "click", "population", "all").count());
    }

    @Test
    void shouldSendEachClosedWindowsFeedbackOnceToTheMetricsTopic() throws IOException {
        TestOutputTopic<String, byte[]> summaries = driver.createOutputTopic("recommendation-metrics",
                new StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer());
        now = (System.currentTimeMillis() - 600_000) / 60_000 * 60_000; // the start of a window, in the past
        Recommendation first = refresh("shopper");
        click("shopper", first.items().get(0).item());
        click("shopper", startup.current().vocabulary().item(999));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertTrue(summaries.isEmpty(), "the window is still open");

        now += 75_000; // past the window's end and the grace period
        click("shopper", startup.current().vocabulary().item(998));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        List<com.fasterxml.jackson.databind.JsonNode> closed = new java.util.ArrayList<>();
        for (byte[] value : summaries.readValuesToList()) {
            closed.add(new ObjectMapper().readTree(value));
        }
        var all = closed.stream().filter(n -> n.get("population").asText().equals("all")).toList();
        assertEquals(1, all.size(), closed.toString());
        assertEquals(2, all.get(0).get("events").asLong());
        assertEquals(1, all.get(0).get("hits").asLong());
        assertEquals(0.5, all.get(0).get("mrr").asDouble(), 1e-9, "one hit at rank 1 in two events");
        assertEquals("default", all.get(0).get("variant").asText());
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertTrue(summaries.isEmpty(), "sent once");
    }

    private Recommendation click(String user, String item) {
        clicks.pipeInput(user, codec.write(Event.of(user, item, EventType.CLICK, now++)));
        driver.advanceWallClockTime(Duration.ofMillis(100));
        List<Recommendation> lists = recommendations.readValuesToList();
        return lists.get(lists.size() - 1);
    }

    private Recommendation refresh(String user) {
        clicks.pipeInput(user, codec.write(Event.of(user, startup.current().vocabulary().item(5), EventType.CLICK,
                now++)));
        driver.advanceWallClockTime(Duration.ofMillis(100));
        List<Recommendation> lists = recommendations.readValuesToList();
        return lists.get(lists.size() - 1);
    }

    private VariantAnnouncement announce(String variant, Path dir) throws IOException {
        return announce(variant, dir, 1.0);
    }

    private VariantAnnouncement announce(String variant, Path dir, double share) throws IOException {
        return ModelAnnouncer.forDirectory(variant, dir, share);
    }

    /** The bundled model under another version: only model.json changes. */
    private Path copy(String version) throws IOException {
        return ModelAnnouncer.copyWithVersion(TestModels.DEMO_MODEL, Files.createTempDirectory(tmp, version), version);
    }
}
