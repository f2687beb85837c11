package io.streamrec.scoring;

import java.nio.file.Path;
import java.util.Locale;

/**
 * How a model finds its top-k over the catalog ({@code scoring.*} settings).
 *
 * @param mode          {@link Mode#EXACT}: model.onnx scores every item (the item-table product per sequence);
 *                      {@link Mode#ANN}: the fast path — encoder.onnx gives the session vector, an HNSW index over
 *                      the item table gives {@code candidates} items, and those (plus the history and prior items)
 *                      are scored exactly as model.onnx would; {@link Mode#AUTO}: ANN from {@code autoMinItems}
 *                      items on (when the directory has encoder.onnx and item_embeddings.f32), exact below
 * @param autoMinItems  the catalog size from which {@code auto} takes the fast path
 * @param candidates    items the index returns per sequence (at least the model's k is used)
 * @param maxConn       HNSW neighbours per node (M)
 * @param beamWidth     HNSW candidates while building
 * @param cacheDir      where built indexes are kept, one per model and graph parameters
 */
public record RetrievalOptions(Mode mode, int autoMinItems, int candidates, int maxConn, int beamWidth,
                               Path cacheDir) {
    public enum Mode {
        AUTO, EXACT, ANN;

        public static Mode parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("scoring.retrieval must be auto, exact or ann, got '" + value + "'");
            }
        }
    }

    /** The measured switch point of {@code auto} (see README, Performance: Catalog scale). */
    public static final int DEFAULT_AUTO_MIN_ITEMS = 200_000;
    public static final int DEFAULT_CANDIDATES = 100;

    public static final RetrievalOptions DEFAULT = new RetrievalOptions(Mode.AUTO, DEFAULT_AUTO_MIN_ITEMS,
            DEFAULT_CANDIDATES, 16, 100, defaultCacheDir());
    public static final RetrievalOptions EXACT_ONLY = DEFAULT.withMode(Mode.EXACT);

    public RetrievalOptions {
        if (candidates < 1 || maxConn < 2 || beamWidth < 2 || autoMinItems < 0) {
            throw new IllegalArgumentException("scoring.ann.* must be positive (candidates " + candidates
                    + ", max.conn " + maxConn + ", beam.width " + beamWidth + ")");
        }
    }

    public static Path defaultCacheDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "streamrec-ann");
    }

    public RetrievalOptions withMode(Mode m) {
        return new RetrievalOptions(m, autoMinItems, candidates, maxConn, beamWidth, cacheDir);
    }

    public RetrievalOptions withCandidates(int c) {
        return new RetrievalOptions(mode, autoMinItems, c, maxConn, beamWidth, cacheDir);
    }

    /** Whether a catalog of {@code numItems} takes the fast path (given the files it needs). */
    public boolean wantsFastPath(int numItems) {
        return mode == Mode.ANN || (mode == Mode.AUTO && numItems >= autoMinItems);
    }
}
