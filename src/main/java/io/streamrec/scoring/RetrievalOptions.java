package io.streamrec.scoring;

import java.util.Locale;

/**
 * How a model finds its top-k over the catalog ({@code scoring.*} settings).
 *
 * @param mode          {@link Mode#EXACT}: model.onnx scores every item (the item-table product per sequence);
 *                      {@link Mode#ANN}: the fast path — encoder.onnx gives the session vector and, from an int8
 *                      scan of the item table, the {@code candidates} best blocks of items; those items (plus the
 *                      history and prior items) are scored exactly as model.onnx would; {@link Mode#AUTO}: ANN from
 *                      {@code autoMinItems}
 *                      items on (when the directory has encoder.onnx and item_embeddings.f32), exact below
 * @param autoMinItems  the catalog size from which {@code auto} takes the fast path
 * @param candidates    blocks of items the scan keeps per sequence (at least enough for the model's k)
 */
public record RetrievalOptions(Mode mode, int autoMinItems, int candidates) {
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
            DEFAULT_CANDIDATES);
    public static final RetrievalOptions EXACT_ONLY = DEFAULT.withMode(Mode.EXACT);

    public RetrievalOptions {
        if (candidates < 1 || autoMinItems < 0) {
            throw new IllegalArgumentException("scoring.ann.candidates and scoring.retrieval.auto.min.items must be "
                    + "positive (" + candidates + ", " + autoMinItems + ")");
        }
    }

    public RetrievalOptions withMode(Mode m) {
        return new RetrievalOptions(m, autoMinItems, candidates);
    }

    public RetrievalOptions withCandidates(int c) {
        return new RetrievalOptions(mode, autoMinItems, c);
    }

    /** Whether a catalog of {@code numItems} takes the fast path (given the files it needs). */
    public boolean wantsFastPath(int numItems) {
        return mode == Mode.ANN || (mode == Mode.AUTO && numItems >= autoMinItems);
    }
}
