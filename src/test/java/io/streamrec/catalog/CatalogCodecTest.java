package io.streamrec.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.events.InvalidEventException;
import io.streamrec.events.RejectReason;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogCodecTest {
    private final CatalogCodec codec = new CatalogCodec(1024, 16);

    @Test
    void shouldReadEveryFieldOfTheContract() {
        CatalogItem item = codec.parse("sku-9", json("{\"item\": \"sku-9\", \"category\": \"shoes\", \"available\": true,"
                + " \"price\": 59.9, \"launched_at\": 1732900000000, \"attributes\": {\"brand\": \"acme\", \"sizes\": [40, 41]},"
                + " \"unknown\": 1}"));
        assertEquals("sku-9", item.item());
        assertEquals("shoes", item.category());
        assertTrue(item.available());
        assertTrue(item.recommendable());
        assertEquals(59.9, item.price());
        assertEquals(1732900000000L, item.launchedAt());
        assertEquals(Map.of("brand", "acme", "sizes", "[40,41]"), item.attributes());
    }

    @Test
    void shouldLeaveOptionalFieldsAbsent() {
        CatalogItem item = codec.parse("a", json("{\"item\": \"a\", \"category\": \"c\", \"available\": false}"));
        assertFalse(item.recommendable());
        assertNull(item.price());
        assertNull(item.launchedAt());
        assertEquals(Map.of(), item.attributes());
    }

    @Test
    void shouldTurnATombstoneIntoARemovalMarker() {
        CatalogItem removed = codec.parse(" sku-9 ", null);
        assertEquals("sku-9", removed.item());
        assertTrue(removed.removed());
        assertFalse(removed.recommendable());
        assertReason(RejectReason.MISSING_ITEM, null, null);
        assertReason(RejectReason.MISSING_ITEM, "  ", null);
    }

    @Test
    void shouldNormaliseIdsLikeEvents() {
        CatalogItem item = codec.parse(" a ", json("{\"item\": \" a \", \"category\": \" c \", \"available\": true}"));
        assertEquals("a", item.item());
        assertEquals("c", item.category());
        assertEquals("7", codec.parse("7", json("{\"item\": 7, \"category\": \"c\", \"available\": true}")).item());
    }

    @Test
    void shouldTakeTheItemFromTheValueWhenTheRecordHasNoKey() {
        assertEquals("a", codec.parse(null, json("{\"item\": \"a\", \"category\": \"c\", \"available\": true}")).item());
    }

    @Test
    void shouldRejectBadRecordsWithTheDeadLetterReason() {
        assertReason(RejectReason.NOT_JSON, "a", new byte[0]);
        assertReason(RejectReason.NOT_JSON, "a", json("{not json"));
        assertReason(RejectReason.INVALID_UTF8, "a", new byte[]{'"', (byte) 0xC3, '"'});
        assertReason(RejectReason.WRONG_SHAPE, "a", json("[1, 2]"));
        assertReason(RejectReason.MISSING_ITEM, "a", json("{\"category\": \"c\", \"available\": true}"));
        assertReason(RejectReason.MISSING_ITEM, "a", json("{\"item\": \" \", \"category\": \"c\", \"available\": true}"));
        assertReason(RejectReason.WRONG_SHAPE, "b", json("{\"item\": \"a\", \"category\": \"c\", \"available\": true}"));
        assertReason(RejectReason.WRONG_SHAPE, "a", json("{\"item\": \"a\", \"available\": true}"));
        assertReason(RejectReason.WRONG_SHAPE, "a", json("{\"item\": \"a\", \"category\": {}, \"available\": true}"));
        assertReason(RejectReason.WRONG_SHAPE, "a", json("{\"item\": \"a\", \"category\": \"c\"}"));
        assertReason(RejectReason.WRONG_SHAPE, "a", json("{\"item\": \"a\", \"category\": \"c\", \"available\": \"yes\"}"));
        assertReason(RejectReason.WRONG_SHAPE, "a", item("\"price\": -1"));
        assertReason(RejectReason.WRONG_SHAPE, "a", item("\"price\": \"9.99\""));
        assertReason(RejectReason.BAD_TS, "a", item("\"launched_at\": 0"));
        assertReason(RejectReason.BAD_TS, "a", item("\"launched_at\": \"2024-01-01\""));
        assertReason(RejectReason.WRONG_SHAPE, "a", item("\"attributes\": [1]"));
    }

    @Test
    void shouldRejectOversizeRecordsAndIds() {
        assertReason(RejectReason.OVERSIZE, "a", item("\"attributes\": {\"text\": \"" + "x".repeat(1024) + "\"}"));
        assertReason(RejectReason.OVERSIZE, "x".repeat(17), null);
        assertReason(RejectReason.OVERSIZE, null, json("{\"item\": \"" + "x".repeat(17) + "\", \"category\": \"c\", \"available\": true}"));
        assertReason(RejectReason.OVERSIZE, "a", json("{\"item\": \"a\", \"category\": \"" + "x".repeat(17) + "\", \"available\": true}"));
    }

    @Test
    void shouldWriteWhatItReads() {
        CatalogItem item = new CatalogItem("sku-1", "bags", true, 12.5, 1732900000000L, Map.of("colour", "red"), false);
        assertEquals(item, codec.parse("sku-1", codec.write(item)));
        CatalogItem plain = CatalogItem.of("sku-2", "bags", false);
        assertEquals(plain, codec.parse("sku-2", codec.write(plain)));
        assertThrows(IllegalArgumentException.class, () -> codec.write(CatalogItem.removed("sku-3")));
    }

    private void assertReason(RejectReason reason, String key, byte[] value) {
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> codec.parse(key, value));
        assertEquals(reason, e.reason(), e.getMessage());
    }

    private static byte[] item(String extraField) {
        return json("{\"item\": \"a\", \"category\": \"c\", \"available\": true, " + extraField + "}");
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
