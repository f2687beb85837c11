package io.streamrec.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamrec.events.EventCodec;
import io.streamrec.events.EventFields;
import io.streamrec.events.EventLimits;
import io.streamrec.events.InvalidEventException;
import io.streamrec.events.RejectReason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The catalog contract: topic {@code items} (compacted, key = item id), value JSON
 * {@code {"item": "sku-9", "category": "shoes", "available": true, "price": 59.9, "launched_at": 1732900000000,
 * "attributes": {"brand": "acme"}}} ({@code price}, {@code launched_at}, {@code attributes} optional, unknown fields
 * ignored); a tombstone (null value) removes the item. Ids are validated and normalised exactly as event ids
 * ({@link EventFields}), so a catalog key and an event's item match.
 *
 * <p>A record that fails throws {@link InvalidEventException} with the reason the dead-letter header carries, as
 * events do: {@code not_json} (also an empty value: only a null value is a tombstone), {@code invalid_utf8},
 * {@code oversize} (record or id too long), {@code missing_item} (no item, or a tombstone without a key),
 * {@code wrong_shape} (not an object; category missing or not a string; available missing or not a boolean; price
 * not a non-negative number; attributes not an object; the value's item differs from the record key), {@code bad_ts}
 * ({@code launched_at} not positive epoch ms).
 */
public final class CatalogCodec {
    public static final int DEFAULT_MAX_RECORD_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int maxRecordBytes;
    private final int maxFieldChars;
    private final EventFields fields;

    public CatalogCodec(int maxRecordBytes, int maxFieldChars) {
        this.maxRecordBytes = maxRecordBytes;
        this.maxFieldChars = maxFieldChars;
        this.fields = new EventFields(new EventLimits(maxRecordBytes, maxFieldChars, Duration.ZERO, Duration.ZERO),
                Clock.systemUTC());
    }

    public CatalogCodec() {
        this(DEFAULT_MAX_RECORD_BYTES, EventLimits.DEFAULT.maxFieldChars());
    }

    /** One record of {@code items}: the item, or its removal marker for a tombstone. */
    public CatalogItem parse(String key, byte[] value) {
        String id = key == null ? "" : EventCodec.normaliseId(key);
        if (id.length() > maxFieldChars) {
            throw new InvalidEventException(RejectReason.OVERSIZE, "key has " + id.length() + " chars > limit " + maxFieldChars);
        }
        if (value == null) {
            if (id.isEmpty()) {
                throw new InvalidEventException(RejectReason.MISSING_ITEM, "tombstone without a key");
            }
            return CatalogItem.removed(id);
        }
        JsonNode node = readObject(value);
        String item = fields.requiredId(node, "item", RejectReason.MISSING_ITEM);
        if (!id.isEmpty() && !id.equals(item)) {
            throw new InvalidEventException(RejectReason.WRONG_SHAPE, "'item' differs from the record key");
        }
        String category = fields.requiredId(node, "category", RejectReason.WRONG_SHAPE);
        JsonNode available = node.get("available");
        if (available == null || !available.isBoolean()) {
            throw new InvalidEventException(RejectReason.WRONG_SHAPE, "'available' must be true or false");
        }
        return new CatalogItem(item, category, available.booleanValue(), price(node), launchedAt(node),
                attributes(node), false);
    }

    /** The JSON value of an item (a removal is a tombstone, not a value). */
    public byte[] write(CatalogItem item) {
        if (item.removed()) {
            throw new IllegalArgumentException("a removed item is written as a tombstone (null value)");
        }
        ObjectNode node = JSON.createObjectNode()
                .put("item", item.item())
                .put("category", item.category())
                .put("available", item.available());
        if (item.price() != null) node.put("price", item.price());
        if (item.launchedAt() != null) node.put("launched_at", item.launchedAt());
        if (!item.attributes().isEmpty()) {
            ObjectNode attributes = node.putObject("attributes");
            item.attributes().forEach(attributes::put);
        }
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode readObject(byte[] value) {
        if (value.length == 0) {
            throw new InvalidEventException(RejectReason.NOT_JSON, "empty record value (a tombstone is a null value)");
        }
        if (value.length > maxRecordBytes) {
            throw new InvalidEventException(RejectReason.OVERSIZE, value.length + " bytes > limit " + maxRecordBytes);
        }
        EventFields.requireUtf8(value);
        JsonNode node;
        try {
            node = JSON.readTree(value);
        } catch (IOException e) {
            throw new InvalidEventException(RejectReason.NOT_JSON, "unparseable JSON");
        }
        if (node == null || !node.isObject()) {
            throw new InvalidEventException(RejectReason.WRONG_SHAPE, "expected a JSON object");
        }
        return node;
    }

    private static Double price(JsonNode node) {
        JsonNode price = node.get("price");
        if (price == null || price.isNull()) {
            return null;
        }
        if (!price.isNumber() || !Double.isFinite(price.doubleValue()) || price.doubleValue() < 0) {
            throw new InvalidEventException(RejectReason.WRONG_SHAPE, "'price' must be a non-negative number");
        }
        return price.doubleValue();
    }

    private static Long launchedAt(JsonNode node) {
        JsonNode launched = node.get("launched_at");
        if (launched == null || launched.isNull()) {
            return null;
        }
        if (!launched.isIntegralNumber() || !launched.canConvertToLong() || launched.longValue() <= 0) {
            throw new InvalidEventException(RejectReason.BAD_TS, "'launched_at' must be positive epoch milliseconds");
        }
        return launched.longValue();
    }

    private static Map<String, String> attributes(JsonNode node) {
        JsonNode attributes = node.get("attributes");
        if (attributes == null || attributes.isNull()) {
            return Map.of();
        }
        if (!attributes.isObject()) {
            throw new InvalidEventException(RejectReason.WRONG_SHAPE, "'attributes' must be a JSON object");
        }
        Map<String, String> values = new LinkedHashMap<>();
        attributes.fields().forEachRemaining(e -> values.put(e.getKey(),
                e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
        return values;
    }
}
