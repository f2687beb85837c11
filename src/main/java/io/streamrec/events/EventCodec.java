package io.streamrec.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;

/** Reads and writes the JSON event contract, validating every field against {@link EventLimits}. */
public final class EventCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventLimits limits;
    private final EventFields fields;

    public EventCodec(EventLimits limits, Clock clock) {
        this.limits = limits;
        this.fields = new EventFields(limits, clock);
    }

    public EventCodec() {
        this(EventLimits.DEFAULT, Clock.systemUTC());
    }

    /** An id as streamrec keys it (users, items, deletion keys): surrounding whitespace removed. */
    public static String normaliseId(String raw) {
        return raw.strip();
    }

    /** Parses and validates one record value; throws {@link InvalidEventException} naming the reason. */
    public Event parse(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new InvalidEventException(RejectReason.NOT_JSON, "empty record value");
        }
        if (bytes.length > limits.maxRecordBytes()) {
            throw new InvalidEventException(RejectReason.OVERSIZE,
                    bytes.length + " bytes > limit " + limits.maxRecordBytes());
        }
        EventFields.requireUtf8(bytes);
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new InvalidEventException(RejectReason.NOT_JSON, firstLine(e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            throw new InvalidEventException(RejectReason.WRONG_SHAPE, "expected a JSON object");
        }
        String user = fields.requiredId(node, "user", RejectReason.MISSING_USER);
        String item = fields.requiredId(node, "item", RejectReason.MISSING_ITEM);
        EventType type = EventFields.type(node);
        long ts = fields.timestamp(node);
        String eventId = EventFields.optionalText(node, "event_id");
        if (eventId != null && eventId.length() > limits.maxFieldChars()) {
            throw new InvalidEventException(RejectReason.OVERSIZE,
                    "'event_id' has " + eventId.length() + " chars > limit " + limits.maxFieldChars());
        }
        return new Event(user, item, type, ts, eventId, EventFields.optionalText(node, "session"),
                node.hasNonNull("qty") && node.get("qty").canConvertToInt() ? node.get("qty").intValue() : null,
                node.hasNonNull("price") && node.get("price").isNumber() ? node.get("price").doubleValue() : null);
    }

    public byte[] write(Event event) {
        ObjectNode node = JSON.createObjectNode()
                .put("user", event.user())
                .put("item", event.item())
                .put("type", event.type().wireName())
                .put("ts", event.ts());
        if (event.eventId() != null) node.put("event_id", event.eventId());
        if (event.session() != null) node.put("session", event.session());
        if (event.qty() != null) node.put("qty", event.qty());
        if (event.price() != null) node.put("price", event.price());
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) return "unparseable JSON";
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
