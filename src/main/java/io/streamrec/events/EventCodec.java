package io.streamrec.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/** Reads and writes the JSON event contract, validating every field against {@link EventLimits}. */
public final class EventCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventLimits limits;
    private final Clock clock;

    public EventCodec(EventLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
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
        requireUtf8(bytes);
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new InvalidEventException(RejectReason.NOT_JSON, firstLine(e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            throw new InvalidEventException(RejectReason.WRONG_SHAPE, "expected a JSON object");
        }
        String user = requiredId(node, "user", RejectReason.MISSING_USER);
        String item = requiredId(node, "item", RejectReason.MISSING_ITEM);
        EventType type = type(node);
        long ts = timestamp(node);
        String eventId = optionalText(node, "event_id");
        if (eventId != null && eventId.length() > limits.maxFieldChars()) {
            throw new InvalidEventException(RejectReason.OVERSIZE,
                    "'event_id' has " + eventId.length() + " chars > limit " + limits.maxFieldChars());
        }
        return new Event(user, item, type, ts, eventId, optionalText(node, "session"),
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

    private static void requireUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new InvalidEventException(RejectReason.INVALID_UTF8, "record value is not valid UTF-8");
        }
    }

    private String requiredId(JsonNode node, String field, RejectReason missing) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new InvalidEventException(missing, "'" + field + "' is missing");
        }
        if (!value.isTextual() && !value.isIntegralNumber()) {
            throw new InvalidEventException(RejectReason.WRONG_SHAPE, "'" + field + "' must be a string");
        }
        String text = normaliseId(value.asText());
        if (text.isEmpty()) {
            throw new InvalidEventException(missing, "'" + field + "' is empty");
        }
        if (text.length() > limits.maxFieldChars()) {
            throw new InvalidEventException(RejectReason.OVERSIZE,
                    "'" + field + "' has " + text.length() + " chars > limit " + limits.maxFieldChars());
        }
        return text;
    }

    private static EventType type(JsonNode node) {
        JsonNode value = node.get("type");
        String name = value == null || value.isNull() ? null : value.asText();
        return EventType.fromWireName(name)
                .orElseThrow(() -> new InvalidEventException(RejectReason.UNKNOWN_TYPE,
                        "'type' is " + (name == null ? "missing" : "'" + name + "'") + "; expected click, cart or purchase"));
    }

    private long timestamp(JsonNode node) {
        JsonNode value = node.get("ts");
        if (value == null || value.isNull()) {
            throw new InvalidEventException(RejectReason.BAD_TS, "'ts' is missing");
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new InvalidEventException(RejectReason.BAD_TS, "'ts' must be epoch milliseconds, got " + value);
        }
        long ts = value.longValue();
        if (ts <= 0) {
            throw new InvalidEventException(RejectReason.BAD_TS, "'ts' must be positive, got " + ts);
        }
        long latest = clock.millis() + limits.maxFuture().toMillis();
        if (ts > latest) {
            throw new InvalidEventException(RejectReason.BAD_TS, "'ts' " + ts + " is more than "
                    + limits.maxFuture() + " in the future");
        }
        return ts;
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String firstLine(String message) {
        if (message == null) return "unparseable JSON";
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
