package io.streamrec.ranking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
