package io.streamrec.scoring.retrieval;

import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.util.hnsw.HnswGraph;

/**
 * Beam search over an HNSW graph held on the heap in flat arrays (compressed rows per level), scoring with the
 * item table itself: the search of Lucene's {@code HnswGraphSearcher}, without its off-heap vector copies, varint
 * neighbour decoding and object heaps, which cost 3x its inner products on Java 17 (measured). The graph comes
 * from Lucene's index ({@link HnswIndex}); nodes are item indexes (1..N).
 */
final class GraphSearch {
    private final float[] table;
    private final int dim;
    private final int entry;
    /** Level 0: neighbours of item i at {@code nbr0[off0[i] .. off0[i + 1])}. */
    private final int[] off0;
    private final int[] nbr0;
    /** Levels 1..: the level's items, sorted, and their neighbours in the same layout. */
    private final int[][] nodes;
    private final int[][] offs;
    private final int[][] nbrs;
    private final ThreadLocal<State> state;

    /** Per thread: visited stamps (no clearing between searches) and the two heaps' arrays. */
    private static final class State {
        final int[] visited;
        int stamp;
        float[] candScore = new float[256];
        int[] candItem = new int[256];
        float[] resScore = new float[256];
        int[] resItem = new int[256];

        State(int size) {
            visited = new int[size];
        }
    }

    /** Copies {@code graph} (nodes = ords) onto the heap, nodes renamed to items by {@code ordToItem}. */
    GraphSearch(HnswGraph graph, int[] ordToItem, float[] table, int dim) throws IOException {
        this.table = table;
        this.dim = dim;
        int rows = table.length / dim;
        int levels = graph.numLevels();
        this.entry = ordToItem[graph.entryNode()];
        int n = graph.size();
        int[] count = new int[rows + 1];
        int[][] level0 = new int[rows][];
        int total = 0;
        int[] buf = new int[1024];
        for (int ord = 0; ord < n; ord++) {
            graph.seek(0, ord);
            int c = 0;
            for (int nb = graph.nextNeighbor(); nb != org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS;
                 nb = graph.nextNeighbor()) {
                buf[c++] = ordToItem[nb];
            }
            level0[ordToItem[ord]] = Arrays.copyOf(buf, c);
            total += c;
        }
        off0 = new int[rows + 1];
        nbr0 = new int[total];
        for (int item = 0, at = 0; item < rows; item++) {
            off0[item] = at;
            if (level0[item] != null) {
                System.arraycopy(level0[item], 0, nbr0, at, level0[item].length);
                at += level0[item].length;
            }
            off0[item + 1] = at;
        }
        nodes = new int[levels][];
        offs = new int[levels][];
        nbrs = new int[levels][];
        for (int level = 1; level < levels; level++) {
            int[] ords = HnswGraph.NodesIterator.getSortedNodes(graph.getNodesOnLevel(level));
            int[][] lists = new int[ords.length][];
            long[] byItem = new long[ords.length];
            int sum = 0;
            for (int i = 0; i < ords.length; i++) {
                graph.seek(level, ords[i]);
                int c = 0;
                for (int nb = graph.nextNeighbor(); nb != org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS;
                     nb = graph.nextNeighbor()) {
                    buf[c++] = ordToItem[nb];
                }
                lists[i] = Arrays.copyOf(buf, c);
                sum += c;
                byItem[i] = ((long) ordToItem[ords[i]] << 32) | i;
            }
            Arrays.sort(byItem);
            int[] items = new int[ords.length];
            int[] off = new int[ords.length + 1];
            int[] nb = new int[sum];
            for (int j = 0, at = 0; j < ords.length; j++) {
                items[j] = (int) (byItem[j] >>> 32);
                int[] list = lists[(int) byItem[j]];
                off[j] = at;
                System.arraycopy(list, 0, nb, at, list.length);
                at += list.length;
                off[j + 1] = at;
            }
            nodes[level] = items;
            offs[level] = off;
            nbrs[level] = nb;
        }
        this.state = ThreadLocal.withInitial(() -> new State(rows));
    }

    /** Heap bytes of the graph arrays. */
    long graphBytes() {
        long b = 4L * (off0.length + nbr0.length);
        for (int level = 1; level < nodes.length; level++) {
            b += 4L * (nodes[level].length + offs[level].length + nbrs[level].length);
        }
        return b;
    }

    /** The {@code ef} best items found by a beam of width {@code ef}, best first. */
    int[] search(float[] query, int ef) {
        int ep = entry;
        float epScore = score(query, ep);
        for (int level = nodes.length - 1; level >= 1; level--) {  // greedy descent
            int[] items = nodes[level];
            int[] off = offs[level];
            int[] nb = nbrs[level];
            boolean moved = true;
            while (moved) {
                moved = false;
                int at = Arrays.binarySearch(items, ep);
                for (int j = off[at]; j < off[at + 1]; j++) {
                    float s = score(query, nb[j]);
                    if (s > epScore) {
                        epScore = s;
                        ep = nb[j];
                        moved = true;
                    }
                }
            }
        }
        State st = state.get();
        if (st.resScore.length < ef + 1) {
            st.resScore = new float[ef + 1];
            st.resItem = new int[ef + 1];
        }
        int stamp = ++st.stamp;
        if (stamp == Integer.MAX_VALUE) {
            Arrays.fill(st.visited, 0);
            st.stamp = stamp = 1;
        }
        int[] visited = st.visited;
        // candidates: a max-heap by score; results: a min-heap of the best ef
        int nc = 0;
        int nr = 0;
        visited[ep] = stamp;
        nc = push(st, true, nc, epScore, ep);
        nr = push(st, false, nr, epScore, ep);
        while (nc > 0) {
            float best = st.candScore[0];
            int item = st.candItem[0];
            nc = pop(st, true, nc);
            if (nr >= ef && best < st.resScore[0]) {
                break;  // no candidate left can enter the results
            }
            for (int j = off0[item]; j < off0[item + 1]; j++) {
                int next = nbr0[j];
                if (visited[next] == stamp) {
                    continue;
                }
                visited[next] = stamp;
                float s = score(query, next);
                if (nr < ef) {
                    nr = push(st, false, nr, s, next);
                    nc = push(st, true, nc, s, next);
                } else if (s > st.resScore[0]) {
                    nr = pop(st, false, nr);
                    nr = push(st, false, nr, s, next);
                    nc = push(st, true, nc, s, next);
                }
            }
        }
        // results best first
        int[] out = new int[nr];
        for (int i = nr - 1; i >= 0; i--) {
            out[i] = st.resItem[0];
            nr = pop(st, false, nr);
        }
        return out;
    }

    private float score(float[] query, int item) {
        return Dot.dot(query, table, item * dim, dim);
    }

    /** Push onto the candidate max-heap ({@code max}) or the result min-heap; returns the new size. */
    private static int push(State st, boolean max, int size, float score, int item) {
        if (max && size == st.candScore.length) {
            st.candScore = Arrays.copyOf(st.candScore, size * 2);
            st.candItem = Arrays.copyOf(st.candItem, size * 2);
        }
        float[] sc = max ? st.candScore : st.resScore;
        int[] it = max ? st.candItem : st.resItem;
        int i = size;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (max ? sc[parent] >= score : sc[parent] <= score) {
                break;
            }
            sc[i] = sc[parent];
            it[i] = it[parent];
            i = parent;
        }
        sc[i] = score;
        it[i] = item;
        return size + 1;
    }

    /** Removes the top; returns the new size. */
    private static int pop(State st, boolean max, int size) {
        float[] sc = max ? st.candScore : st.resScore;
        int[] it = max ? st.candItem : st.resItem;
        int last = size - 1;
        float score = sc[last];
        int item = it[last];
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            if (l >= last) {
                break;
            }
            int c = l + 1 < last && (max ? sc[l + 1] > sc[l] : sc[l + 1] < sc[l]) ? l + 1 : l;
            if (max ? sc[c] <= score : sc[c] >= score) {
                break;
            }
            sc[i] = sc[c];
            it[i] = it[c];
            i = c;
        }
        sc[i] = score;
        it[i] = item;
        return last;
    }
}
