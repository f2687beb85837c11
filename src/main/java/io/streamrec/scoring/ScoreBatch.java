package io.streamrec.scoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The model's output for a batch: per row, the top-k item indexes and scores, and the session vector. */
public final class ScoreBatch {
    private final int rows;
    private final int k;
    private final int dim;
    private final long[] topItems;
    private final float[] topScores;
    private final float[] vectors;

    ScoreBatch(int rows, int k, int dim, long[] topItems, float[] topScores, float[] vectors) {
        this.rows = rows;
        this.k = k;
        this.dim = dim;
        this.topItems = topItems;
        this.topScores = topScores;
        this.vectors = vectors;
    }

    public int rows() {
        return rows;
    }

    public long[] topItems(int row) {
        return Arrays.copyOfRange(topItems, row * k, (row + 1) * k);
    }

    public float[] topScores(int row) {
        return Arrays.copyOfRange(topScores, row * k, (row + 1) * k);
    }

    public float[] sessionVector(int row) {
        return Arrays.copyOfRange(vectors, row * dim, (row + 1) * dim);
    }

    /** The row's candidates as item ids, best first. */
    public List<ScoredItem> candidates(int row, Vocabulary vocabulary) {
        List<ScoredItem> candidates = new ArrayList<>(k);
        for (int i = row * k; i < (row + 1) * k; i++) {
            if (topItems[i] == 0) {  // the padding row: a fast-path list shorter than k (never from model.onnx)
                continue;
            }
            candidates.add(new ScoredItem(vocabulary.item((int) topItems[i]), topScores[i]));
        }
        return candidates;
    }
}
