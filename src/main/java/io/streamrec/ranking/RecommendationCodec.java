package io.streamrec.ranking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamrec.scoring.ScoredItem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON form of {@link Recommendation}:
 * {@code {"user","items":[{"item","score"}],"model","generated_at","event_ts","seq","cold_start"}}.
 */
public final class RecommendationCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RecommendationCodec() {
    }

    public static byte[] write(Recommendation rec) {
        ObjectNode node = JSON.createObjectNode().put("user", rec.user());
        ArrayNode items = node.putArray("items");
        for (ScoredItem item : rec.items()) {
            items.addObject().put("item", item.item()).put("score", (float) item.score());
        }
        node.put("model", rec.model())
                .put("generated_at", rec.generatedAt())
                .put("event_ts", rec.eventTs())
                .put("seq", rec.seq())
                .put("cold_start", rec.coldStart());
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Recommendation read(byte[] bytes) {
        try {
            JsonNode node = JSON.readTree(bytes);
            List<ScoredItem> items = new ArrayList<>();
            for (JsonNode item : node.get("items")) {
                items.add(new ScoredItem(item.get("item").asText(), item.get("score").asDouble()));
            }
            return new Recommendation(node.get("user").asText(), items, node.get("model").asText(),
                    node.get("generated_at").asLong(), node.get("event_ts").asLong(), node.get("seq").asLong(),
                    node.path("cold_start").asBoolean(false));
        } catch (IOException | NullPointerException e) {
            throw new IllegalArgumentException("not a recommendation record: " + e.getMessage(), e);
        }
    }
}
