package io.streamrec.scoring;

import java.nio.LongBuffer;
import java.util.Arrays;

/**
 * Top-k without the float32 item-table product of model.onnx. {@link Encoder} (encoder.onnx) gives each sequence's
 * session vector h, what the history bonus and the transition prior add, and — with its int8 scan — the blocks of
 * items holding the largest quantised scores. Those items, with
 * the sequence's own history items and its last item's prior successors (the only items whose score is more than
 * {@code h·E[i]}), are scored exactly as model.onnx scores them: {@code h·E[i] + Σ bonus of i's input positions
 * + Σ prior weight of i}, in float32 from the item table. The top k of those are the result, in the same
 * {@link ScoreBatch} shape as the exact path.
 *
 * <p>With the scan, an item of the exact top n is in one of the n best blocks (its block's maximum is at least its
 * own score), so {@code candidates ≥ n} blocks keep the top n exact but for int8 rounding near the n-th score.
 */
final class FastPath implements AutoCloseable {
    private final Encoder encoder;
    private final ItemEmbeddings embeddings;
    private final int k;
    private final int candidates;
    private final int numItems;

    FastPath(Encoder encoder, ItemEmbeddings embeddings, int k, int candidates) {
        this.encoder = encoder;
        this.embeddings = embeddings;
        this.k = k;
        this.numItems = embeddings.rows() - 1;
        int blocks = (numItems + 1 + encoder.block() - 1) / encoder.block();
        // enough blocks to fill k (the ranking takes all k)
        this.candidates = Math.min(Math.max(candidates, (k + encoder.block() - 1) / encoder.block() + 1), blocks);
    }

    /** What finds the candidates. */
    String describe() {
        return "int8 scan in blocks of " + encoder.block() + " (encoder.onnx), exact re-score";
    }

    int candidates() {
        return candidates;
    }

    ScoreBatch score(ModelInput input) {
        Encoder.Encoded e = encoder.encode(input, candidates);
        int rows = e.rows();
        long[] topItems = new long[rows * k];
        float[] topScores = new float[rows * k];
        LongBuffer ids = input.itemIdsView();
        long[] row = new long[e.len()];
        for (int r = 0; r < rows; r++) {
            ids.get(r * e.len(), row);
            float[] h = e.vector(r);
            int[] items = candidateSet(found(e, r), row, e, r);
            float[] scores = exactScores(e, r, h, row, items);
            top(items, scores, topItems, topScores, r * k);
        }
        return new ScoreBatch(rows, k, e.dim(), topItems, topScores, e.vectors());
    }

    /** Exact model scores of {@code items} for row {@code r} (tests, the load-time check). */
    float[] rescore(ModelInput input, int r, int[] items) {
        Encoder.Encoded e = encoder.encode(input, candidates);
        long[] row = new long[e.len()];
        input.itemIdsView().get(r * e.len(), row);
        int[] sorted = items.clone();
        Arrays.sort(sorted);
        float[] s = exactScores(e, r, e.vector(r), row, sorted);
        float[] out = new float[items.length];
        for (int i = 0; i < items.length; i++) {
            out[i] = s[Arrays.binarySearch(sorted, items[i])];
        }
        return out;
    }

    /** The candidate items of row r, sorted and distinct, padding and beyond-catalog rows dropped. */
    private int[] found(Encoder.Encoded e, int r) {
        int block = e.block();
        int[] blocks = new int[e.width()];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = (int) e.candidates()[r * e.width() + i];
        }
        Arrays.sort(blocks);
        int[] items = new int[blocks.length * block];
        int n = 0;
        for (int b : blocks) {
            for (int item = Math.max(1, b * block), end = Math.min(numItems + 1, (b + 1) * block); item < end; item++) {
                items[n++] = item;
            }
        }
        return n == items.length ? items : Arrays.copyOf(items, n);
    }

    /** {@code found} (sorted, distinct) with the row's input items and prior successors merged in. */
    private static int[] candidateSet(int[] found, long[] row, Encoder.Encoded e, int r) {
        int width = e.priorWidth();
        int[] extra = new int[row.length + width];
        int n = 0;
        for (long item : row) {
            if (item > 0) {
                extra[n++] = (int) item;
            }
        }
        for (int j = 0; j < width; j++) {
            long item = e.priorItems()[r * width + j];
            if (item > 0) {
                extra[n++] = (int) item;
            }
        }
        Arrays.sort(extra, 0, n);
        int[] all = new int[found.length + n];
        int a = 0;
        int b = 0;
        int m = 0;
        while (a < found.length || b < n) {
            int next = b >= n || (a < found.length && found[a] <= extra[b]) ? found[a++] : extra[b++];
            if (next > 0 && (m == 0 || all[m - 1] != next)) {
                all[m++] = next;
            }
        }
        return m == all.length ? all : Arrays.copyOf(all, m);
    }

    /** {@code items} sorted and distinct (the row's history and prior items among them get their extras). */
    private float[] exactScores(Encoder.Encoded e, int r, float[] h, long[] row, int[] items) {
        float[] table = embeddings.table();
        int dim = embeddings.dim();
        float[] scores = new float[items.length];
        for (int i = 0; i < items.length; i++) {
            scores[i] = Dot.dot(h, table, items[i] * dim, dim);
        }
        if (e.bonus() != null) {  // in position order, as model.onnx's ScatterElements adds them
            for (int p = 0; p < row.length; p++) {
                int at = row[p] > 0 ? Arrays.binarySearch(items, (int) row[p]) : -1;
                if (at >= 0) {
                    scores[at] += e.bonus()[r * e.len() + p];
                }
            }
        }
        int width = e.priorWidth();
        for (int j = 0; j < width; j++) {
            long item = e.priorItems()[r * width + j];
            int at = item > 0 ? Arrays.binarySearch(items, (int) item) : -1;
            if (at >= 0) {
                scores[at] += e.priorWeights()[r * width + j];
            }
        }
        return scores;
    }

    /** The best k of (items, scores), best first, into the output arrays at {@code offset} (a min-heap of k). */
    private void top(int[] items, float[] scores, long[] topItems, float[] topScores, int offset) {
        int n = Math.min(k, items.length);
        long[] heap = new long[n];  // (ordered score bits, index): the smallest on top
        int size = 0;
        for (int i = 0; i < items.length; i++) {
            int bits = Float.floatToIntBits(scores[i]);
            bits ^= (bits >> 31) & 0x7fffffff;  // ordered like the floats, as signed ints
            long key = ((long) bits << 32) | i;
            if (size < n) {
                int at = size++;
                while (at > 0 && heap[(at - 1) >>> 1] > key) {
                    heap[at] = heap[(at - 1) >>> 1];
                    at = (at - 1) >>> 1;
                }
                heap[at] = key;
            } else if (key > heap[0]) {
                int at = 0;
                while (true) {
                    int l = 2 * at + 1;
                    if (l >= n) {
                        break;
                    }
                    int c = l + 1 < n && heap[l + 1] < heap[l] ? l + 1 : l;
                    if (heap[c] >= key) {
                        break;
                    }
                    heap[at] = heap[c];
                    at = c;
                }
                heap[at] = key;
            }
        }
        Arrays.sort(heap, 0, size);
        for (int j = 0; j < size; j++) {
            int i = (int) heap[size - 1 - j];
            topItems[offset + j] = items[i];
            topScores[offset + j] = scores[i];
        }
        // fewer than k candidates (a catalog smaller than k cannot be: k <= num_items) leaves item 0: skipped
    }

    @Override
    public void close() {
        encoder.close();
    }
}
