package io.streamrec.scoring.retrieval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exact scan against a sort, and Lucene's HNSW graph (with our on-heap search) against the exact scan. */
class CandidateIndexTest {
    static final int ROWS = 3001;
    static final int DIM = 16;

    @TempDir
    Path tmp;

    /** A clustered table (like trained embeddings): 30 directions, items scattered around them. */
    private static float[] table(long seed) {
        Random random = new Random(seed);
        float[][] centers = new float[30][DIM];
        for (float[] c : centers) {
            for (int d = 0; d < DIM; d++) c[d] = (float) random.nextGaussian();
        }
        float[] t = new float[ROWS * DIM];
        for (int i = 1; i < ROWS; i++) {
            float[] c = centers[random.nextInt(centers.length)];
            for (int d = 0; d < DIM; d++) t[i * DIM + d] = c[d] + 0.5f * (float) random.nextGaussian();
        }
        return t;
    }

    private static float[] query(Random random) {
        float[] q = new float[DIM];
        for (int d = 0; d < DIM; d++) q[d] = (float) random.nextGaussian();
        return q;
    }

    @Test
    void exactScanReturnsTheTopByInnerProductBestFirstWithoutPadding() {
        float[] t = table(1);
        ExactScan scan = new ExactScan(t, DIM);
        float[] q = query(new Random(2));
        int[] want = IntStream.range(1, ROWS).boxed()
                .sorted(Comparator.comparingDouble(i -> -Dot.dot(q, t, i * DIM, DIM))).limit(25)
                .mapToInt(Integer::intValue).toArray();
        assertArrayEquals(want, scan.search(q, 25));
        assertEquals(ROWS - 1, scan.search(q, 10_000).length);
    }

    @Test
    void hnswFindsTheExactTop10AndIsBuiltOnce() throws Exception {
        float[] t = table(3);
        ExactScan exact = new ExactScan(t, DIM);
        HnswIndex.Params params = new HnswIndex.Params(16, 100);
        long start = System.nanoTime();
        HnswIndex index = HnswIndex.openOrBuild(tmp, "test", t, DIM, params, 1);
        assertEquals(ROWS - 1, index.size());
        assertTrue(Files.exists(tmp.resolve("test").resolve(HnswIndex.READY)));
        Random random = new Random(4);
        int hits = 0;
        int queries = 200;
        for (int qn = 0; qn < queries; qn++) {
            float[] q = query(random);
            int[] found = index.search(q, 100);
            assertTrue(Arrays.stream(found).allMatch(i -> i > 0 && i < ROWS), "items, never padding");
            int[] want = exact.search(q, 10);
            for (int w : want) {
                if (Arrays.stream(found).anyMatch(f -> f == w)) {
                    hits++;
                }
            }
        }
        double recall = hits / (10.0 * queries);
        assertTrue(recall >= 0.95, "recall@10 of 100 candidates " + recall);  // 0.977 here (ef 100, MIP)
        // a second open reads the cached index: same graph, same answers
        HnswIndex again = HnswIndex.openOrBuild(tmp, "test", t, DIM, params, 1);
        float[] q = query(new Random(5));
        assertArrayEquals(index.search(q, 50), again.search(q, 50));
        assertTrue(index.graphBytes() > 0);
        assertTrue(System.nanoTime() - start > 0);
    }
}
