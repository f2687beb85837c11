package io.streamrec.scoring;

import io.streamrec.session.Interaction;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Reusable, direct input buffers for one caller: up to {@code maxBatch} rows of {@code maxLen} item indexes and
 * event types, left-padded with 0. Not thread-safe; each caller (processor) owns one.
 */
public final class ModelInput {
    private final int maxBatch;
    private final int maxLen;
    private final LongBuffer itemIds;
    private final LongBuffer eventTypes;
    private final long[] itemRow;
    private final long[] typeRow;
    private int rows;

    public ModelInput(int maxBatch, int maxLen) {
        this.maxBatch = maxBatch;
        this.maxLen = maxLen;
        this.itemIds = directLongs(maxBatch * maxLen);
        this.eventTypes = directLongs(maxBatch * maxLen);
        this.itemRow = new long[maxLen];
        this.typeRow = new long[maxLen];
    }

    public void clear() {
        rows = 0;
    }

    public boolean isFull() {
        return rows == maxBatch;
    }

    public int rows() {
        return rows;
    }

    public int maxLen() {
        return maxLen;
    }

    /**
     * Appends one row from the newest {@code maxLen} interactions whose items the vocabulary knows
     * (unknown items are skipped). Returns how many known items the row holds; with none (a cold-start user)
     * no row is added and 0 is returned.
     */
    public int add(List<Interaction> interactions, Vocabulary vocabulary) {
        if (isFull()) {
            throw new IllegalStateException("batch is full (" + maxBatch + " rows)");
        }
        Arrays.fill(itemRow, 0);
        Arrays.fill(typeRow, 0);
        int position = maxLen;
        for (int i = interactions.size() - 1; i >= 0 && position > 0; i--) {
            Interaction interaction = interactions.get(i);
            int index = vocabulary.indexOf(interaction.item());
            if (index > 0) {
                position--;
                itemRow[position] = index;
                typeRow[position] = interaction.type().index();
            }
        }
        if (position == maxLen) {
            return 0;
        }
        addRow(itemRow, typeRow);
        return maxLen - position;
    }

    /** Appends a row given as raw model indexes (length {@code maxLen}, already left-padded). */
    public void addRow(long[] items, long[] types) {
        if (items.length != maxLen || types.length != maxLen) {
            throw new IllegalArgumentException("rows must have length " + maxLen);
        }
        itemIds.put(rows * maxLen, items);
        eventTypes.put(rows * maxLen, types);
        rows++;
    }

    /** A view of the filled rows, positioned for ONNX Runtime (which reads from position to limit). */
    LongBuffer itemIdsView() {
        return itemIds.duplicate().position(0).limit(rows * maxLen);
    }

    LongBuffer eventTypesView() {
        return eventTypes.duplicate().position(0).limit(rows * maxLen);
    }

    private static LongBuffer directLongs(int count) {
        return ByteBuffer.allocateDirect(count * Long.BYTES).order(ByteOrder.nativeOrder()).asLongBuffer();
    }
}
