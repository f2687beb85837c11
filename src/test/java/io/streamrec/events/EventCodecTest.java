package io.streamrec.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class EventCodecTest {
    private static final long NOW = 1_732_900_000_000L;
    private final EventCodec codec = new EventCodec(new EventLimits(400, 20, Duration.ofHours(1), Duration.ofDays(30)),
            Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));

    @Test
    void shouldReadAValidEventWithOptionalFields() {
        Event event = codec.parse(bytes("{\"user\":\"u1\",\"item\":\"sku-9\",\"type\":\"cart\",\"ts\":" + NOW
                + ",\"session\":\"s1\",\"qty\":2,\"price\":9.5,\"unknown\":true}"));
        assertEquals(new Event("u1", "sku-9", EventType.CART, NOW, null, "s1", 2, 9.5), event);
    }

    @Test
    void shouldRoundTripThroughWrite() {
        Event event = new Event("u1", "sku-9", EventType.PURCHASE, NOW, "e-1", null, 1, null);
        assertEquals(event, codec.parse(codec.write(event)));
        assertNull(codec.parse(codec.write(Event.of("u", "i", EventType.CLICK, NOW))).eventId());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "not json at all | NOT_JSON",
        "{\"user\":\"u1\" | NOT_JSON",
        "[1,2,3] | WRONG_SHAPE",
        "\"just a string\" | WRONG_SHAPE",
        "{\"item\":\"i\",\"type\":\"click\",\"ts\":1000} | MISSING_USER",
        "{\"user\":\"  \",\"item\":\"i\",\"type\":\"click\",\"ts\":1000} | MISSING_USER",
        "{\"user\":\"u\",\"type\":\"click\",\"ts\":1000} | MISSING_ITEM",
        "{\"user\":\"u\",\"item\":\"\",\"type\":\"click\",\"ts\":1000} | MISSING_ITEM",
        "{\"user\":{\"a\":1},\"item\":\"i\",\"type\":\"click\",\"ts\":1000} | WRONG_SHAPE",
        "{\"user\":\"u\",\"item\":\"i\",\"type\":\"wishlist\",\"ts\":1000} | UNKNOWN_TYPE",
        "{\"user\":\"u\",\"item\":\"i\",\"ts\":1000} | UNKNOWN_TYPE",
        "{\"user\":\"u\",\"item\":\"i\",\"type\":\"click\"} | BAD_TS",
        "{\"user\":\"u\",\"item\":\"i\",\"type\":\"click\",\"ts\":-5} | BAD_TS",
        "{\"user\":\"u\",\"item\":\"i\",\"type\":\"click\",\"ts\":\"yesterday\"} | BAD_TS",
        "{\"user\":\"u\",\"item\":\"i\",\"type\":\"click\",\"ts\":99999999999999} | BAD_TS",
        "{\"user\":\"u\",\"item\":\"an-item-id-longer-than-twenty\",\"type\":\"click\",\"ts\":1000} | OVERSIZE",
    })
    void shouldRejectWithTheReason(String json, RejectReason reason) {
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> codec.parse(bytes(json)));
        assertEquals(reason, e.reason(), e.getMessage());
    }

    @Test
    void shouldRejectOversizeRecordsAndInvalidUtf8() {
        byte[] big = bytes("{\"user\":\"u\",\"item\":\"i\",\"type\":\"click\",\"ts\":1000,\"pad\":\"" + "x".repeat(400) + "\"}");
        assertEquals(RejectReason.OVERSIZE, assertThrows(InvalidEventException.class, () -> codec.parse(big)).reason());
        byte[] invalid = {'{', '"', 'u', 's', 'e', 'r', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertEquals(RejectReason.INVALID_UTF8,
                assertThrows(InvalidEventException.class, () -> codec.parse(invalid)).reason());
        assertEquals(RejectReason.NOT_JSON, assertThrows(InvalidEventException.class, () -> codec.parse(new byte[0])).reason());
        assertEquals(RejectReason.NOT_JSON, assertThrows(InvalidEventException.class, () -> codec.parse(null)).reason());
    }

    @Test
    void shouldAcceptATimestampWithinTheAllowedClockSkew() {
        long ts = NOW + Duration.ofMinutes(59).toMillis();
        assertEquals(ts, codec.parse(bytes("{\"user\":\"u\",\"item\":\"i\",\"type\":\"click\",\"ts\":" + ts + "}")).ts());
    }

    @Test
    void shouldRefuseAnEventOlderThanTheMaxAgeAsTooOld() {
        InvalidEventException old = assertThrows(InvalidEventException.class,
                () -> codec.parse(bytes("{\"user\":\"u1\",\"item\":\"i\",\"type\":\"click\",\"ts\":1}")));
        assertEquals(RejectReason.TOO_OLD, old.reason());
        codec.parse(bytes("{\"user\":\"u1\",\"item\":\"i\",\"type\":\"click\",\"ts\":"
                + (NOW - Duration.ofDays(29).toMillis()) + "}"));
    }

    @Test
    void shouldNotOverflowWithAHugeFutureAllowance() {
        EventCodec lenient = new EventCodec(new EventLimits(400, 20, Duration.ofMillis(Long.MAX_VALUE), Duration.ZERO),
                Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));

        assertEquals(NOW, lenient.parse(bytes("{\"user\":\"u1\",\"item\":\"i\",\"type\":\"click\",\"ts\":"
                + NOW + "}")).ts(), "now + Long.MAX_VALUE must not wrap around and refuse every event");
    }

    @Test
    void shouldRefuseAnIdWithAnUnpairedSurrogateSoTwoUsersCannotShareASession() {
        InvalidEventException lone = assertThrows(InvalidEventException.class, () -> codec.parse(bytes(
                "{\"user\":\"u\\ud800\",\"item\":\"i\",\"type\":\"click\",\"ts\":" + NOW + "}")));
        assertEquals(RejectReason.INVALID_UTF8, lone.reason());
        assertEquals("u\ud83d\ude00", codec.parse(bytes("{\"user\":\"u\\ud83d\\ude00\",\"item\":\"i\","
                + "\"type\":\"click\",\"ts\":" + NOW + "}")).user(), "a paired surrogate (emoji) is fine");
    }

    private static byte[] bytes(String text) {
        return text.strip().getBytes(StandardCharsets.UTF_8);
    }
}
