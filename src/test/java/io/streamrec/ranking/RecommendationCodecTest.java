package io.streamrec.ranking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.scoring.Reason;
import io.streamrec.scoring.ScoredItem;
import io.streamrec.scoring.ScoredItem.Source;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecommendationCodecTest {
    private static final List<ScoredItem> ITEMS = List.of(new ScoredItem("a", 2.5), new ScoredItem("t", 0, Source.TRENDING),
            new ScoredItem("p", 0, Source.POPULAR), new ScoredItem("c", 0, Source.COMPLEMENT));

    @Test
    void shouldWriteEachItemsSource() {
        Recommendation rec = new Recommendation("u1", ITEMS, "v1", 10, 9, 11, false);
        String json = new String(RecommendationCodec.write(rec), StandardCharsets.UTF_8);
        assertTrue(json.contains("{\"item\":\"a\",\"score\":2.5,\"source\":\"model\"}"), json);
        assertTrue(json.contains("{\"item\":\"c\",\"score\":0.0,\"source\":\"complement\"}"), json);
        assertTrue(!json.contains("surfaces"), json);
        assertEquals(rec, RecommendationCodec.read(RecommendationCodec.write(rec)));
    }

    @Test
    void shouldWriteOneListPerSurfaceInOrder() {
        Map<String, List<ScoredItem>> surfaces = new LinkedHashMap<>();
        surfaces.put("home", ITEMS);
        surfaces.put("cart", ITEMS.subList(3, 4));
        Recommendation rec = new Recommendation("u1", ITEMS, "v1", 10, 9, 11, true, surfaces);
        Recommendation back = RecommendationCodec.read(RecommendationCodec.write(rec));
        assertEquals(rec, back);
        assertEquals(List.of("home", "cart"), List.copyOf(back.surfaces().keySet()));
    }

    @Test
    void shouldReadListsWrittenBeforeSources() {
        byte[] old = ("{\"user\":\"u1\",\"items\":[{\"item\":\"a\",\"score\":1.0}],\"model\":\"v\",\"generated_at\":1,"
                + "\"event_ts\":1,\"seq\":1,\"cold_start\":false}").getBytes(StandardCharsets.UTF_8);
        Recommendation rec = RecommendationCodec.read(old);
        assertEquals(List.of(new ScoredItem("a", 1.0, Source.MODEL)), rec.items());
        assertEquals(Map.of(), rec.surfaces());
    }

    @Test
    void shouldRefuseAnUnknownSource() {
        byte[] bad = ("{\"user\":\"u1\",\"items\":[{\"item\":\"a\",\"score\":1.0,\"source\":\"magic\"}],\"model\":\"v\","
                + "\"generated_at\":1,\"event_ts\":1,\"seq\":1}").getBytes(StandardCharsets.UTF_8);
        assertThrows(IllegalArgumentException.class, () -> RecommendationCodec.read(bad));
    }

    @Test
    void shouldWriteAndReadEachItemsReason() {
        List<ScoredItem> explained = List.of(
                new ScoredItem("a", 2.5, Source.MODEL, new Reason(Reason.Because.VIEWED, "sku-14", null)),
                new ScoredItem("b", 1.5, Source.MODEL, new Reason(Reason.Because.BOUGHT, "sku-2", null)),
                new ScoredItem("m", 1.0, Source.MODEL, Reason.MODEL),
                new ScoredItem("t", 0, Source.TRENDING, Reason.trending("shoes")),
                new ScoredItem("g", 0, Source.TRENDING, Reason.trending(null)),
                new ScoredItem("p", 0, Source.POPULAR, Reason.POPULAR),
                new ScoredItem("c", 0, Source.COMPLEMENT, Reason.boughtWith("sku-9")));
        Recommendation rec = new Recommendation("u1", explained, "v1", 10, 9, 11, false,
                Map.of("home", explained.subList(0, 2)));
        String json = new String(RecommendationCodec.write(rec), StandardCharsets.UTF_8);

        assertTrue(json.contains("{\"item\":\"a\",\"score\":2.5,\"source\":\"model\","
                + "\"reason\":{\"because\":\"viewed\",\"item\":\"sku-14\"}}"), json);
        assertTrue(json.contains("\"reason\":{\"because\":\"trending\",\"category\":\"shoes\"}"), json);
        assertTrue(json.contains("{\"item\":\"g\",\"score\":0.0,\"source\":\"trending\","
                + "\"reason\":{\"because\":\"trending\"}}"), json);
        assertTrue(json.contains("\"reason\":{\"because\":\"bought_with\",\"item\":\"sku-9\"}"), json);
        assertTrue(json.contains("\"reason\":{\"because\":\"popular\"}"), json);
        assertEquals(rec, RecommendationCodec.read(RecommendationCodec.write(rec)));
    }

    @Test
    void shouldWriteNoReasonForAnItemWithoutOne() {
        String json = new String(RecommendationCodec.write(new Recommendation("u1", ITEMS, "v1", 10, 9, 11, false)),
                StandardCharsets.UTF_8);
        assertTrue(!json.contains("reason"), json);
    }

    @Test
    void shouldReadAReasonItDoesNotKnowAsNone() {
        byte[] newer = ("{\"user\":\"u1\",\"items\":[{\"item\":\"a\",\"score\":1.0,\"source\":\"model\","
                + "\"reason\":{\"because\":\"searched\",\"query\":\"x\"}}],\"model\":\"v\",\"generated_at\":1,"
                + "\"event_ts\":1,\"seq\":1}").getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of(new ScoredItem("a", 1.0, Source.MODEL)), RecommendationCodec.read(newer).items());
    }

    /** The exact bytes the web tier reads: field order, number forms, reasons and surfaces. */
    @Test
    void shouldWriteTheDocumentedJsonByteForByte() {
        List<ScoredItem> explained = List.of(
                new ScoredItem("a\"1", 2.5, Source.MODEL, new Reason(Reason.Because.VIEWED, "sku-14", null)),
                new ScoredItem("t", 1e-3, Source.TRENDING, new Reason(Reason.Because.TRENDING, null, "shoes")),
                new ScoredItem("p", -0.1234567, Source.POPULAR));
        Map<String, List<ScoredItem>> surfaces = new LinkedHashMap<>();
        surfaces.put("home", explained);
        surfaces.put("cart", List.of());
        Recommendation rec = new Recommendation("u\u00e9", explained, "m-1", 1_700_000_000_123L, 1_700_000_000_001L, 42,
                false, surfaces, "B");
        assertEquals("{\"user\":\"u\u00e9\",\"items\":[{\"item\":\"a\\\"1\",\"score\":2.5,\"source\":\"model\","
                        + "\"reason\":{\"because\":\"viewed\",\"item\":\"sku-14\"}},{\"item\":\"t\",\"score\":0.001,"
                        + "\"source\":\"trending\",\"reason\":{\"because\":\"trending\",\"category\":\"shoes\"}},"
                        + "{\"item\":\"p\",\"score\":-0.1234567,\"source\":\"popular\"}],\"model\":\"m-1\","
                        + "\"variant\":\"B\",\"generated_at\":1700000000123,\"event_ts\":1700000000001,\"seq\":42,"
                        + "\"cold_start\":false,\"surfaces\":{\"home\":[{\"item\":\"a\\\"1\",\"score\":2.5,"
                        + "\"source\":\"model\",\"reason\":{\"because\":\"viewed\",\"item\":\"sku-14\"}},{\"item\":\"t\","
                        + "\"score\":0.001,\"source\":\"trending\",\"reason\":{\"because\":\"trending\","
                        + "\"category\":\"shoes\"}},{\"item\":\"p\",\"score\":-0.1234567,\"source\":\"popular\"}],"
                        + "\"cart\":[]}}",
                new String(RecommendationCodec.write(rec), StandardCharsets.UTF_8));
        assertEquals(rec, RecommendationCodec.read(RecommendationCodec.write(rec)));
    }

    @Test
    void shouldReadWhatAListShowedWithoutTheRest() {
        Map<String, List<ScoredItem>> surfaces = new LinkedHashMap<>();
        surfaces.put("cart", List.of(new ScoredItem("x", 1)));
        Recommendation rec = new Recommendation("u1", ITEMS, "m-2", 10, 9, 11, false, surfaces, "B");

        RecommendationCodec.Shown shown = RecommendationCodec.readShown(RecommendationCodec.write(rec));

        assertEquals(new RecommendationCodec.Shown("m-2", "B", 9, List.of("a", "t", "p", "c")), shown);
        byte[] old = ("{\"user\":\"u1\",\"items\":[{\"item\":\"a\",\"score\":1.0}],\"model\":\"v\","
                + "\"generated_at\":1,\"event_ts\":5,\"seq\":1}").getBytes(StandardCharsets.UTF_8);
        assertEquals(new RecommendationCodec.Shown("v", Recommendation.DEFAULT_VARIANT, 5, List.of("a")),
                RecommendationCodec.readShown(old), "a list written before variants");
        assertThrows(IllegalArgumentException.class,
                () -> RecommendationCodec.readShown("{\"model\":\"v\"}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class,
                () -> RecommendationCodec.readShown("[1]".getBytes(StandardCharsets.UTF_8)));
    }
}
