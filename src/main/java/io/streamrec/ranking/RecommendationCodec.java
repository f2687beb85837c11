package io.streamrec.ranking;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    /** What a list showed, read without the rest of the record (scores, reasons, surfaces): see {@link #readShown}. */
    public record Shown(String model, String variant, long eventTs, List<String> items) {
    }

    /** Written as a stream: one list per event, so building a tree first would cost as much again. */
    public static byte[] write(Recommendation rec) {
        try (ByteArrayBuilder bytes = new ByteArrayBuilder(512);
             JsonGenerator out = JSON.getFactory().createGenerator(bytes)) {
            out.writeStartObject();
            out.writeStringField("user", rec.user());
            out.writeFieldName("items");
            writeItems(out, rec.items());
            out.writeStringField("model", rec.model());
            out.writeStringField("variant", rec.variant());
            out.writeNumberField("generated_at", rec.generatedAt());
            out.writeNumberField("event_ts", rec.eventTs());
            out.writeNumberField("seq", rec.seq());
            out.writeBooleanField("cold_start", rec.coldStart());
            if (!rec.surfaces().isEmpty()) {
                out.writeObjectFieldStart("surfaces");
                for (Map.Entry<String, List<ScoredItem>> surface : rec.surfaces().entrySet()) {
                    out.writeFieldName(surface.getKey());
                    writeItems(out, surface.getValue());
                }
                out.writeEndObject();
            }
            out.writeEndObject();
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The model, variant, event time and item ids of the main list, skipping everything else: the feedback counts
     * read the user's last list at every event.
     */
    public static Shown readShown(byte[] bytes) {
        String model = null;
        String variant = Recommendation.DEFAULT_VARIANT;
        Long eventTs = null;
        List<String> items = null;
        try (JsonParser in = JSON.getFactory().createParser(bytes)) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a recommendation record: not a JSON object");
            }
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String field = in.currentName();
                in.nextToken();
                switch (field) {
                    case "model" -> model = in.getValueAsString();
                    case "variant" -> variant = in.getValueAsString(Recommendation.DEFAULT_VARIANT);
                    case "event_ts" -> eventTs = in.getValueAsLong();
                    case "items" -> items = itemIds(in);
                    default -> in.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not a recommendation record: " + e.getMessage(), e);
        }
        if (model == null || eventTs == null || items == null) {
            throw new IllegalArgumentException("not a recommendation record: model, event_ts or items missing");
        }
        return new Shown(model, variant, eventTs, items);
    }

    private static List<String> itemIds(JsonParser in) throws IOException {
        if (in.currentToken() != JsonToken.START_ARRAY) {
            throw new IllegalArgumentException("not a recommendation record: items is not an array");
        }
        List<String> ids = new ArrayList<>();
        while (in.nextToken() == JsonToken.START_OBJECT) {
            String id = null;
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String field = in.currentName();
                in.nextToken();
                if (field.equals("item")) {
                    id = in.getValueAsString();
                } else {
                    in.skipChildren();
                }
            }
            if (id == null) {
                throw new IllegalArgumentException("not a recommendation record: an item without an id");
            }
            ids.add(id);
        }
        return ids;
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

    private static void writeItems(JsonGenerator out, List<ScoredItem> items) throws IOException {
        out.writeStartArray();
        for (ScoredItem item : items) {
            out.writeStartObject();
            out.writeStringField("item", item.item());
            out.writeNumberField("score", (float) item.score());
            out.writeStringField("source", item.source().wireName());
            Reason reason = item.reason();
            if (reason != null) {
                out.writeObjectFieldStart("reason");
                out.writeStringField("because", reason.because().wireName());
                if (reason.item() != null) {
                    out.writeStringField("item", reason.item());
                }
                if (reason.category() != null) {
                    out.writeStringField("category", reason.category());
                }
                out.writeEndObject();
            }
            out.writeEndObject();
        }
        out.writeEndArray();
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
