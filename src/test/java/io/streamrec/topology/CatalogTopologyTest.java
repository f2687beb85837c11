package io.streamrec.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.streamrec.scoring.ScoredItem;
import io.streamrec.scoring.ScoredItem.Source;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The catalog, trending and co-purchases in the real topology (TopologyTestDriver, real RocksDB, the bundled model):
 * catalog records reach every list through the global store, trending and co-purchases are counted from the events.
 */
class CatalogTopologyTest {
    private static final Deserializer<Recommendation> READ =
            (topic, bytes) -> bytes == null ? null : RecommendationCodec.read(bytes);
    private static final Duration PUBLISH = Duration.ofMillis(1000);
    private static ModelHolder models;

    private final EventCodec codec = new EventCodec();
    private TopologyTestDriver driver;
    private Map<EventType, TestInputTopic<String, byte[]>> inputs;
    private TestInputTopic<String, byte[]> items;
    private TestOutputTopic<String, Recommendation> recommendations;
    private TestOutputTopic<byte[], byte[]> dlq;
    private long now = System.currentTimeMillis() - 60_000;

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

    private void start(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of("batch.max.size", "64", "batch.max.delay.ms", "50",
                "trending.publish.interval.ms", String.valueOf(PUBLISH.toMillis())));
        settings.putAll(extra);
        StreamrecConfig config = ConfigLoader.load(null, Map.of(), settings);
        driver = TopologyDrivers.start(config, 1, models, new PipelineMetrics(), Clock.systemUTC());
        inputs = new EnumMap<>(EventType.class);
        for (EventType type : EventType.values()) {
            inputs.put(type, driver.createInputTopic(Topics.eventTopic(type), new StringSerializer(),
                    new ByteArraySerializer()));
        }
        if (config.catalog().enabled()) {
            items = driver.createInputTopic("items", new StringSerializer(), new ByteArraySerializer());
        }
        recommendations = driver.createOutputTopic(config.recommendationsTopic(), new StringDeserializer(), READ);
        dlq = driver.createOutputTopic(config.dlqTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Test
    void shouldNeverRecommendAnItemAfterItIsMarkedUnavailableAndBringItBackWhenAvailable() {
        start(Map.of());
        Recommendation first = refresh("u1", known(0));
        String soldOut = first.items().get(0).item();
        String alsoSoldOut = first.items().get(1).item();

        listItem(soldOut, "shoes", false);
        listItem(alsoSoldOut, "shoes", false);
        Recommendation after = refresh("u1", known(0));
        assertFalse(ids(after).contains(soldOut), soldOut + " is sold out, yet in " + ids(after));
        assertFalse(ids(after).contains(alsoSoldOut));
        assertEquals(10, after.items().size(), "filled from further down");

        items.pipeInput(soldOut, null);
        assertFalse(ids(refresh("u1", known(0))).contains(soldOut), "a removed item is not recommended either");

        listItem(soldOut, "shoes", true);
        assertTrue(ids(refresh("u1", known(0))).contains(soldOut), "back in stock, back in the list");
    }

    @Test
    void shouldKeepTheListFullWhenMostOfTheModelsTopItemsAreFiltered() {
        start(Map.of());
        Recommendation first = refresh("u2", known(1));
        List<String> top = ids(first);
        for (String item : top.subList(0, 8)) {
            listItem(item, "bags", false);
        }
        Recommendation after = refresh("u2", known(1));

        assertEquals(10, after.items().size());
        assertTrue(ids(after).stream().noneMatch(top.subList(0, 8)::contains), ids(after).toString());
    }

    @Test
    void shouldCapItemsPerCategoryAndStillFillTheList() {
        start(Map.of("diversity.max.per.category", "2"));
        Recommendation first = refresh("u3", known(2));
        for (ScoredItem item : first.items()) {
            listItem(item.item(), "one-category", true);
        }
        Recommendation after = refresh("u3", known(2));

        assertEquals(10, after.items().size());
        Map<String, Long> perCategory = ids(after).stream().collect(Collectors.groupingBy(
                item -> first.items().stream().anyMatch(i -> i.item().equals(item)) ? "one-category" : "other",
                Collectors.counting()));
        assertEquals(2L, perCategory.get("one-category"), perCategory.toString());
    }

    @Test
    void shouldGiveAColdUserTheItemsTrendingInTheEvents() {
        start(Map.of());
        String hot = known(40);
        for (int user = 0; user < 5; user++) {
            send("shopper-" + user, hot, EventType.PURCHASE);
        }
        driver.advanceWallClockTime(PUBLISH);
        recommendations.readValuesToList();

        Recommendation cold = refresh("newcomer", "never-heard-of");
        assertTrue(cold.coldStart());
        assertEquals(hot, cold.items().get(0).item(), ids(cold).toString());
        assertEquals(Source.TRENDING, cold.items().get(0).source());

        String hotter = known(41);
        for (int user = 0; user < 12; user++) {
            send("shopper-" + user, hotter, EventType.PURCHASE);
        }
        driver.advanceWallClockTime(PUBLISH);
        recommendations.readValuesToList();
        assertEquals(hotter, refresh("newcomer2", "never-heard-of").items().get(0).item(), "it follows the events");
    }

    @Test
    void shouldServeTheModelsPopularItemsToAColdUserWithTheCatalogOff() {
        start(Map.of("catalog.enabled", "false"));
        for (int user = 0; user < 5; user++) {
            send("shopper-" + user, known(40), EventType.PURCHASE);
        }
        driver.advanceWallClockTime(PUBLISH);
        recommendations.readValuesToList();

        Recommendation cold = refresh("newcomer", "never-heard-of");
        assertEquals(models.current().manifest().popularItems().subList(0, 10), ids(cold));
        assertTrue(cold.items().stream().allMatch(i -> i.source() == Source.POPULAR));
    }

    @Test
    void shouldBringANewLaunchIntoListsThroughTrending() {
        start(Map.of());
        listItem("launch-1", "gadgets", true);
        for (int user = 0; user < 5; user++) {
            send("fan-" + user, "launch-1", EventType.CLICK);
        }
        driver.advanceWallClockTime(PUBLISH);
        recommendations.readValuesToList();

        Recommendation rec = refresh("u4", known(3));
        assertFalse(models.current().vocabulary().contains("launch-1"));
        assertFalse(rec.coldStart());
        ScoredItem launch = rec.items().stream().filter(i -> i.item().equals("launch-1")).findFirst().orElseThrow(
                () -> new AssertionError("launch-1 not in " + ids(rec)));
        assertEquals(Source.TRENDING, launch.source());
    }

    @Test
    void shouldLeadWithItemsBoughtWithTheCartedItemAfterACart() {
        start(Map.of());
        String phone = known(5);
        String caseForIt = known(60);
        for (int user = 0; user < 3; user++) {
            send("buyer-" + user, phone, EventType.PURCHASE);
            send("buyer-" + user, caseForIt, EventType.PURCHASE);
        }
        recommendations.readValuesToList();

        send("u5", known(6), EventType.CLICK);
        Recommendation rec = refresh("u5", phone, EventType.CART);
        assertEquals(caseForIt, rec.items().get(0).item(), ids(rec).toString());
    }

    @Test
    void shouldWriteOneListPerSurfaceWithItsOwnRules() {
        start(Map.of("surfaces", "home,cart", "surface.cart.top.k", "4", "surface.home.categories", "shoes"));
        Recommendation first = refresh("u6", known(7));
        List<String> candidates = new ArrayList<>(first.surfaces().get("cart").stream().map(ScoredItem::item).toList());
        listItem(candidates.get(0), "shoes", true);
        listItem(candidates.get(1), "shoes", true);
        listItem(candidates.get(2), "hats", true);

        Recommendation rec = refresh("u6", known(7));
        assertEquals(List.of("home", "cart"), new ArrayList<>(rec.surfaces().keySet()));
        assertEquals(4, rec.surfaces().get("cart").size());
        Set<String> home = Set.copyOf(rec.surfaces().get("home").stream().map(ScoredItem::item).toList());
        assertEquals(Set.of(candidates.get(0), candidates.get(1)), home, "home shows shoes only");
        assertEquals(rec.surfaces().get("home"), rec.items(), "items is the first surface's list");
    }

    @Test
    void shouldDeadLetterABadCatalogRecordWithItsReasonAndKeepGoing() {
        start(Map.of());
        items.pipeInput("sku-x", "{\"item\":\"sku-x\",\"available\":true}".getBytes(StandardCharsets.UTF_8));
        items.pipeInput("sku-y", "not json".getBytes(StandardCharsets.UTF_8));
        Recommendation first = refresh("u7", known(8));
        listItem(first.items().get(0).item(), "shoes", false);

        assertEquals(List.of("wrong_shape", "not_json"), dlq.readRecordsToList().stream()
                .map(r -> header(r, Topics.DLQ_REASON_HEADER)).toList());
        assertFalse(ids(refresh("u7", known(8))).contains(first.items().get(0).item()), "later records still apply");
    }

    private Recommendation refresh(String user, String item) {
        return refresh(user, item, EventType.CLICK);
    }

    /** One event, then the flush: the user's newest list. */
    private Recommendation refresh(String user, String item, EventType type) {
        send(user, item, type);
        driver.advanceWallClockTime(Duration.ofMillis(100));
        List<Recommendation> lists = recommendations.readValuesToList();
        return lists.stream().filter(r -> r.user().equals(user)).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no list for " + user));
    }

    private void send(String user, String item, EventType type) {
        long ts = now++;
        inputs.get(type).pipeInput(user, codec.write(Event.of(user, item, type, ts)));
    }

    private void listItem(String item, String category, boolean available) {
        items.pipeInput(item, ("{\"item\":\"" + item + "\",\"category\":\"" + category + "\",\"available\":"
                + available + "}").getBytes(StandardCharsets.UTF_8));
    }

    private static String known(int i) {
        return models.current().vocabulary().item(1 + i * 7);
    }

    private static List<String> ids(Recommendation rec) {
        return rec.items().stream().map(ScoredItem::item).toList();
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
