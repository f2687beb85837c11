package io.streamrec.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * The checks on each field of an event, each failing with the {@link RejectReason} the DLQ header carries. Public so
 * that other input contracts (the catalog) validate ids exactly as events do: an item id must key the same way in
 * both.
 */
public final class EventFields {
    private final EventLimits limits;
    private final Clock clock;

    public EventFields(EventLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    public static void requireUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new InvalidEventException(RejectReason.INVALID_UTF8, "record value is not valid UTF-8");
        }
    }

    public String requiredId(JsonNode node, String field, RejectReason missing) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new InvalidEventException(missing, "'" + field + "' is missing");
        }
        if (!value.isTextual() && !value.isIntegralNumber()) {
            throw new InvalidEventException(RejectReason.WRONG_SHAPE, "'" + field + "' must be a string");
        }
        return id(value.asText(), field, missing, limits.maxFieldChars());
    }

    /**
     * An id as streamrec keys it, whatever carried it (an event field, a catalog field, a deletion record's key):
     * normalised ({@link EventCodec#normaliseId}), encodable as UTF-8, not empty, at most {@code maxChars} long.
     */
    public static String id(String raw, String field, RejectReason missing, int maxChars) {
        if (raw == null) {
            throw new InvalidEventException(missing, "'" + field + "' is missing");
        }
        String text = EventCodec.normaliseId(raw);
        if (hasLoneSurrogate(text)) {
            // UTF-8 cannot encode it: as a Kafka key or store key it would become '?' and merge two users.
            throw new InvalidEventException(RejectReason.INVALID_UTF8, "'" + field + "' has an unpaired surrogate");
        }
        if (text.isEmpty()) {
            throw new InvalidEventException(missing, "'" + field + "' is empty");
        }
        if (text.length() > maxChars) {
            throw new InvalidEventException(RejectReason.OVERSIZE,
                    "'" + field + "' has " + text.length() + " chars > limit " + maxChars);
        }
        return text;
    }

    static EventType type(JsonNode node) {
        JsonNode value = node.get("type");
        String name = value == null || value.isNull() ? null : value.asText();
        return EventType.fromWireName(name)
                .orElseThrow(() -> new InvalidEventException(RejectReason.UNKNOWN_TYPE,
                        "'type' is " + (name == null ? "missing" : "'" + name + "'") + "; expected click, cart or purchase"));
    }

    long timestamp(JsonNode node) {
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
        long now = clock.millis();
        if (ts > saturatedAdd(now, limits.maxFuture().toMillis())) {
            throw new InvalidEventException(RejectReason.BAD_TS, "'ts' " + ts + " is more than "
                    + limits.maxFuture() + " in the future");
        }
        if (!limits.maxAge().isZero() && ts < now - limits.maxAge().toMillis()) {
            throw new InvalidEventException(RejectReason.TOO_OLD, "'ts' " + ts + " is more than "
                    + limits.maxAge() + " in the past");
        }
        return ts;
    }

    private static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
