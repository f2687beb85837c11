package io.streamrec.scoring;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Item id ↔ model index; index 0 is padding and never names an item. */
public final class Vocabulary {
    public static final String PADDING_MARKER = "<pad>";

    private final List<String> items;
    private final Map<String, Integer> indexes;

    /** @param lines the lines of {@code items.txt}: line i is the item id of index i, line 0 the padding marker */
    public Vocabulary(List<String> lines) {
        this.items = List.copyOf(lines);
        this.indexes = new HashMap<>(lines.size() * 2);
        for (int i = 1; i < lines.size(); i++) {
            indexes.put(lines.get(i), i);
        }
    }

    /** Index of the item, or 0 when the model does not know it. */
    public int indexOf(String item) {
        return indexes.getOrDefault(item, 0);
    }

    public String item(int index) {
        if (index <= 0 || index >= items.size()) {
            throw new IllegalArgumentException("no item at index " + index);
        }
        return items.get(index);
    }

    public boolean contains(String item) {
        return indexes.containsKey(item);
    }

    /** Number of items, padding excluded. */
    public int size() {
        return items.size() - 1;
    }
}
