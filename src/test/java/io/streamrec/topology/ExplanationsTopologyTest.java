package io.streamrec.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.streamrec.scoring.InferenceOptions;
import io.streamrec.scoring.ItemEmbeddings;
import io.streamrec.scoring.ModelHolder;
import io.streamrec.scoring.Reason;
import io.streamrec.scoring.Reason.Because;
import io.streamrec.scoring.ScoredItem;
import io.streamrec.scoring.ScoredItem.Source;
import io.streamrec.scoring.SessionModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Explanations in the real topology (TopologyTestDriver, real RocksDB, the bundled model): every item of every list
 * the topology emits carries a reason, with the evidence its source allows; {@code explain.enabled=false} leaves
 * them out; a model directory without an item table is served, its items explained as {@code model}.
 */
class ExplanationsTopologyTest {
    private static final Duration PUBLISH = Duration.ofMillis(1000);
    private static final Set<Because> HISTORY = Set.of(Because.VIEWED, Because.CARTED, Because.BOUGHT);
    private static ModelHolder models;

    private final EventCodec codec = new EventCodec();
    private TopologyTestDriver driver;
    private Map<EventType, TestInputTopic<String, byte[]>> inputs;
    private TestInputTopic<String, byte[]> items;
    private TestOutputTopic<String, byte[]> recommendations;
    private final Map<String, List<String>> history = new HashMap<>();
    private long now = System.currentTimeMillis() - 60_000;

    @TempDir
    Path tmp;

    @BeforeAll
    static void loadModel() {
        models = new ModelHolder(TestModels.demoModel());
    }

    @AfterAll
    static void closeModel() {
        models.close();
    }

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    private void start(ModelHolder holder, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of("batch.max.size", "64", "batch.max.delay.ms", "50",
                "trending.publish.interval.ms", String.valueOf(PUBLISH.toMillis())));
        settings.putAll(extra);
        StreamrecConfig config = ConfigLoader.load(null, Map.of(), settings);
        driver = TopologyDrivers.start(config, 1, holder, new PipelineMetrics(), Clock.systemUTC());
        inputs = new EnumMap<>(EventType.class);
        for (EventType type : EventType.values()) {
            inputs.put(type, driver.createInputTopic(Topics.eventTopic(type), new StringSerializer(),
                    new ByteArraySerializer()));
        }
        if (config.catalog().enabled()) {
            items = driver.createInputTopic("items", new StringSerializer(), new ByteArraySerializer());
        }
        recommendations = driver.createOutputTopic(config.recommendationsTopic(), new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    @Test
    void shouldGiveEveryItemOfEveryEmittedListAReasonWithItsEvidence() {
        start(models, Map.of("surfaces", "home,cart", "surface.home.categories", "shoes,hats",
                "surface.cart.top.k", "5"));
        String phone = known(5);
        String caseForIt = known(60);
        for (int i = 0; i < 40; i++) {
            listItem(known(i), i % 2 == 0 ? "shoes" : "hats");
        }
        for (int user = 0; user < 3; user++) {  // co-purchases: the case is bought with the phone
            send("buyer-" + user, phone, EventType.PURCHASE);
            send("buyer-" + user, caseForIt, EventType.PURCHASE);
        }
        for (int user = 0; user < 5; user++) {  // trending
            send("fan-" + user, known(3), EventType.CLICK);
        }
        driver.advanceWallClockTime(PUBLISH);
        send("u1", known(1), EventType.CLICK);
        send("u1", known(2), EventType.CLICK);
        send("u1", known(9), EventType.PURCHASE);
        send("u2", known(6), EventType.CLICK);
        send("u2", phone, EventType.CART);
        send("newcomer", "never-heard-of", EventType.CLICK);
        driver.advanceWallClockTime(Duration.ofMillis(100));

        List<Recommendation> lists = readLists();
        assertTrue(lists.size() >= 10, "lists: " + lists.size());
        Map<Because, Integer> seen = new EnumMap<>(Because.class);
        for (Recommendation rec : lists) {
            List<List<ScoredItem>> all = new ArrayList<>(rec.surfaces().values());
            all.add(rec.items());
            for (List<ScoredItem> list : all) {
                assertFalse(list.isEmpty());
                for (ScoredItem item : list) {
                    Reason reason = item.reason();
                    assertNotNull(reason, rec.user() + ": " + item.item() + " has no reason");
                    seen.merge(reason.because(), 1, Integer::sum);
                    checkEvidence(rec.user(), item, reason, phone);
                }
            }
        }
        assertTrue(seen.keySet().containsAll(Set.of(Because.VIEWED, Because.BOUGHT_WITH, Because.TRENDING)),
                seen.toString());
        Recommendation afterCart = latest(lists, "u2");
        assertTrue(afterCart.surfaces().get("cart").stream().anyMatch(i -> i.reason().equals(Reason.boughtWith(phone))),
                afterCart.surfaces().get("cart").toString());
    }

    private void checkEvidence(String user, ScoredItem item, Reason reason, String carted) {
        switch (item.source()) {
            case MODEL -> {
                // a history item that pulls it, or (none does: every E[h]·E[r] ≤ 0) the model without evidence
                if (!reason.equals(Reason.MODEL)) {
                    assertTrue(HISTORY.contains(reason.because()), item + " is the model's, explained " + reason);
                    assertTrue(history.get(user).contains(reason.item()), user + " never touched " + reason.item());
                }
            }
            case COMPLEMENT -> assertEquals(Reason.boughtWith(carted), reason);
            case TRENDING -> assertEquals(Because.TRENDING, reason.because());
            case POPULAR -> assertEquals(Reason.POPULAR, reason);
            default -> throw new AssertionError(item.toString());
        }
        if (item.source() == Source.TRENDING && reason.category() != null) {
            assertTrue(Set.of("shoes", "hats").contains(reason.category()), reason.toString());
        }
    }

    @Test
    void shouldWriteNoReasonsWithExplanationsOff() {
        start(models, Map.of("explain.enabled", "false"));
        send("u1", known(1), EventType.CLICK);
        send("u1", known(2), EventType.CLICK);
        driver.advanceWallClockTime(Duration.ofMillis(100));

        List<byte[]> raw = recommendations.readValuesToList();
        assertFalse(raw.isEmpty());
        for (byte[] json : raw) {
            assertFalse(new String(json, StandardCharsets.UTF_8).contains("\"reason\""));
            RecommendationCodec.read(json).items().forEach(i -> assertNull(i.reason()));
        }
    }

    @Test
    void shouldExplainWithoutEvidenceWhenTheModelDirectoryHasNoItemTable() throws IOException {
        Path older = tmp.resolve("older");
        Files.createDirectories(older);
        try (var files = Files.list(TestModels.DEMO_MODEL)) {
            for (Path file : files.toList()) {
                if (!file.getFileName().toString().equals(ItemEmbeddings.FILE)) {
                    Files.copy(file, older.resolve(file.getFileName()));
                }
            }
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode manifest = (ObjectNode) json.readTree(older.resolve("model.json").toFile());
        ((ObjectNode) manifest.get("files")).remove(ItemEmbeddings.FILE);
        json.writeValue(older.resolve("model.json").toFile(), manifest);

        try (ModelHolder holder = new ModelHolder(SessionModel.load(older, InferenceOptions.CPU_SINGLE_THREAD))) {
            start(holder, Map.of("catalog.enabled", "false"));
            send("u1", known(1), EventType.CLICK);
            send("cold", "never-heard-of", EventType.CLICK);
            driver.advanceWallClockTime(Duration.ofMillis(100));

            List<Recommendation> lists = readLists();
            driver.close();
            driver = null;

            Recommendation rec = latest(lists, "u1");
            assertTrue(rec.items().stream().anyMatch(i -> i.source() == Source.MODEL), rec.items().toString());
            assertTrue(rec.items().stream().allMatch(i -> i.source() != Source.MODEL || i.reason().equals(Reason.MODEL)),
                    rec.items().toString());
            assertTrue(latest(lists, "cold").items().stream().allMatch(i -> Reason.POPULAR.equals(i.reason())));
        }
    }

    private List<Recommendation> readLists() {
        return recommendations.readValuesToList().stream().map(RecommendationCodec::read).toList();
    }

    private static Recommendation latest(List<Recommendation> lists, String user) {
        return lists.stream().filter(r -> r.user().equals(user)).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no list for " + user));
    }

    private void send(String user, String item, EventType type) {
        history.computeIfAbsent(user, u -> new ArrayList<>()).add(item);
        inputs.get(type).pipeInput(user, codec.write(Event.of(user, item, type, now++)));
    }

    private void listItem(String item, String category) {
        items.pipeInput(item, ("{\"item\":\"" + item + "\",\"category\":\"" + category + "\",\"available\":true}")
                .getBytes(StandardCharsets.UTF_8));
    }

    private static String known(int i) {
        return models.current().vocabulary().item(1 + i * 7);
    }
}
