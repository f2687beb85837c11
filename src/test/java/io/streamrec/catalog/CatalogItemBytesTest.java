package io.streamrec.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogItemBytesTest {
    @Test
    void shouldRoundTripEveryShapeOfItem() {
        for (CatalogItem item : List.of(
                new CatalogItem("sku-1", "bags", true, 12.5, 1732900000000L, Map.of("colour", "red", "ß", "日本"), false),
                CatalogItem.of("sku-2", "shoes", false),
                new CatalogItem("sku-3", "hats", true, 0.0, null, Map.of(), false),
                CatalogItem.removed("sku-4"))) {
            assertEquals(item, CatalogItemBytes.decode(CatalogItemBytes.encode(item)));
        }
    }

    @Test
    void shouldBeCompact() {
        assertTrue(CatalogItemBytes.encode(CatalogItem.of("sku-12345", "shoes", true)).length <= 20);
    }

    @Test
    void shouldRefuseTruncatedOrForeignValues() {
        byte[] bytes = CatalogItemBytes.encode(new CatalogItem("sku-1", "bags", true, 12.5, 5L, Map.of("a", "b"), false));
        for (int len = 0; len < bytes.length; len++) {
            byte[] cut = Arrays.copyOf(bytes, len);
            assertThrows(IllegalArgumentException.class, () -> CatalogItemBytes.decode(cut), "length " + len);
        }
        bytes[0] = 9;
        assertThrows(IllegalArgumentException.class, () -> CatalogItemBytes.decode(bytes));
    }

    @Test
    void shouldLookItemsUpInACatalogOfItems() {
        Catalog catalog = Catalog.of(List.of(CatalogItem.of("a", "c", true), CatalogItem.removed("b")));
        assertEquals(Optional.of(CatalogItem.of("a", "c", true)), catalog.get("a"));
        assertTrue(catalog.get("b").orElseThrow().removed());
        assertEquals(Optional.empty(), catalog.get("z"));
        assertEquals(Optional.empty(), Catalog.EMPTY.get("a"));
    }
}
