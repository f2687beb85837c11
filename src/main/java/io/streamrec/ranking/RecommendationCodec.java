package io.streamrec.ranking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamrec.scoring.Reason;
import io.streamrec.scoring.ScoredItem;
import io.streamrec.scoring.ScoredItem.Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON form of {@link Recommendation}:
 * {@code {"user","items":[{"item","score","source","reason"}],"model","variant","generated_at","event_ts","seq",
 * "cold_start"}}, plus
 * {@code "surfaces": {"<name>": [items as in "items"], ...}} when surfaces are configured. {@code source} is
 * {@code model}, {@code trending}, {@code popular} or {@code complement}; a list written before it existed (no
 * {@code source}, no {@code surfaces}) reads as model items without surfaces. {@code reason} ({@link Reason}) is
 * {@code {"because": ..., "item": ...}} or {@code {"because": ..., "category": ...}}, absent when the item has none
 * (lists written before explanations, or {@code explain.enabled=false}); a reason this version does not know is read
 * as none.
 */
public final class RecommendationCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RecommendationCodec() {
    }

    public static byte[] write(Recommendation rec) {
        ObjectNode node = JSON.createObjectNode().put("user", rec.user());
        writeItems(node.putArray("items"), rec.items());
        node.put("model", rec.model())
                .put("variant", rec.variant())
                .put("generated_at", rec.generatedAt())
                .put("event_ts", rec.eventTs())
                .put("seq", rec.seq())
                .put("cold_start", rec.coldStart());
        if (!rec.surfaces().isEmpty()) {
            ObjectNode surfaces = node.putObject("surfaces");
            rec.surfaces().forEach((name, items) -> writeItems(surfaces.putArray(name), items));
        }
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Recommendation read(byte[] bytes) {
        try {
            JsonNode node = JSON.readTree(bytes);
            Map<String, List<ScoredItem>> surfaces = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.path("surfaces").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> surface = it.next();
                surfaces.put(surface.getKey(), readItems(surface.getValue()));
            }
            return new Recommendation(node.get("user").asText(), readItems(node.get("items")),
                    node.get("model").asText(), node.get("generated_at").asLong(), node.get("event_ts").asLong(),
                    node.get("seq").asLong(), node.path("cold_start").asBoolean(false), surfaces,
                    node.path("variant").asText(Recommendation.DEFAULT_VARIANT));
        } catch (IOException | NullPointerException e) {
            throw new IllegalArgumentException("not a recommendation record: " + e.getMessage(), e);
        }
    }

    private static void writeItems(ArrayNode array, List<ScoredItem> items) {
        for (ScoredItem item : items) {
            ObjectNode node = array.addObject().put("item", item.item()).put("score", (float) item.score())
                    .put("source", item.source().wireName());
            Reason reason = item.reason();
            if (reason != null) {
                ObjectNode why = node.putObject("reason").put("because", reason.because().wireName());
                if (reason.item() != null) {
                    why.put("item", reason.item());
                }
                if (reason.category() != null) {
                    why.put("category", reason.category());
                }
            }
        }
    }

    private static List<ScoredItem> readItems(JsonNode array) {
        List<ScoredItem> items = new ArrayList<>();
        for (JsonNode item : array) {
            JsonNode source = item.get("source");
            Source parsed = source == null || source.isNull() ? Source.MODEL : Source.fromWireName(source.asText())
                    .orElseThrow(() -> new IllegalArgumentException("not a recommendation record: unknown source "
                            + source));
            items.add(new ScoredItem(item.get("item").asText(), item.get("score").asDouble(), parsed,
                    readReason(item.get("reason"))));
        }
        return items;
    }

    private static Reason readReason(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        return Reason.Because.fromWireName(node.path("because").asText())
                .map(because -> new Reason(because, text(node.get("item")), text(node.get("category"))))
                .orElse(null);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
