package io.streamrec.scoring.retrieval;

/**
 * Brute force over the whole table: the exact top-n by inner product. The reference the approximate indexes are
 * measured against (recall), and fine for small tables.
 */
public final class ExactScan implements CandidateIndex {
    private final float[] table;
    private final int dim;
    private final int rows;

    /** {@code table}: row-major [rows, dim], row 0 the padding item (never returned). */
    public ExactScan(float[] table, int dim) {
        this.table = table;
        this.dim = dim;
        this.rows = table.length / dim;
    }

    @Override
    public int[] search(float[] query, int n) {
        int want = Math.min(n, rows - 1);
        // a min-heap of the best `want` (score, item) pairs so far
        float[] heapScore = new float[want];
        int[] heapItem = new int[want];
        int size = 0;
        for (int item = 1; item < rows; item++) {
            float s = Dot.dot(query, table, item * dim, dim);
            if (size < want) {
                heapScore[size] = s;
                heapItem[size] = item;
                siftUp(heapScore, heapItem, size++);
            } else if (want > 0 && s > heapScore[0]) {
                heapScore[0] = s;
                heapItem[0] = item;
                siftDown(heapScore, heapItem, size);
            }
        }
        int[] out = new int[size];
        for (int i = size - 1; i >= 0; i--) {  // pop the smallest first: fills from the back
            out[i] = heapItem[0];
            heapScore[0] = heapScore[i];
            heapItem[0] = heapItem[i];
            siftDown(heapScore, heapItem, i);
        }
        return out;
    }

    private static void siftUp(float[] s, int[] it, int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (s[parent] <= s[i]) {
                return;
            }
            swap(s, it, i, parent);
            i = parent;
        }
    }

    private static void siftDown(float[] s, int[] it, int size) {
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) {
                return;
            }
            int m = l + 1 < size && s[l + 1] < s[l] ? l + 1 : l;
            if (s[i] <= s[m]) {
                return;
            }
            swap(s, it, i, m);
            i = m;
        }
    }

    private static void swap(float[] s, int[] it, int a, int b) {
        float ts = s[a];
        s[a] = s[b];
        s[b] = ts;
        int ti = it[a];
        it[a] = it[b];
        it[b] = ti;
    }

    @Override
    public int size() {
        return rows - 1;
    }

    @Override
    public String describe() {
        return "exact scan";
    }
}
