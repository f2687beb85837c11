package io.streamrec.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays {@code parity.json} (inputs with PyTorch's outputs, written by model-export) through ONNX Runtime and
 * compares: same items at every rank (a swap is tolerated only between scores tied within the tolerance) and
 * scores within the tolerance.
 */
public final class ParityCheck {
    public static final String PARITY_FILE = "parity.json";

    /** Outcome over all cases. */
    public record Result(int cases, double maxScoreDiff, List<String> mismatches) {
        public boolean passed() {
            return mismatches.isEmpty();
        }
    }

    private ParityCheck() {
    }

    private static JsonNode read(Path dir) {
        try {
            return new ObjectMapper().readTree(dir.resolve(PARITY_FILE).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve(PARITY_FILE), e);
        }
    }

    public static Result run(SessionModel model, Path dir, double tolerance) {
        return eachCase(dir, model.maxLen(), (name, input, expectedItems, expectedScores, tally) -> {
            ScoreBatch out = model.scoreExact(input);
            long[] items = out.topItems(0);
            float[] scores = out.topScores(0);
            for (int i = 0; i < expectedItems.length; i++) {
                double diff = tally.diff(scores[i], expectedScores[i]);
                if (diff > tolerance) {
                    tally.mismatch(name + ": rank " + i + " score " + scores[i] + " vs " + expectedScores[i]);
                } else if (items[i] != expectedItems[i] && !tiedSwap(items[i], expectedItems, expectedScores,
                        scores[i], tolerance)) {
                    tally.mismatch(name + ": rank " + i + " item " + items[i] + " vs " + expectedItems[i]);
                }
            }
        });
    }

    /**
     * The fast path's exact re-score against parity.json: the scores it gives each case's top items must be the
     * case's top scores (which candidates the int8 scan finds is approximate; how a candidate is scored is not).
     */
    static Result runRescore(FastPath fast, SessionModel model, Path dir, double tolerance) {
        return eachCase(dir, model.maxLen(), (name, input, expectedItems, expectedScores, tally) -> {
            int[] items = new int[expectedItems.length];
            for (int i = 0; i < items.length; i++) items[i] = (int) expectedItems[i];
            float[] scores = fast.rescore(input, 0, items);
            for (int i = 0; i < items.length; i++) {
                if (tally.diff(scores[i], expectedScores[i]) > tolerance) {
                    tally.mismatch(name + ": item " + items[i] + " re-scored " + scores[i] + " vs "
                            + expectedScores[i]);
                }
            }
        });
    }

    /** One parity case, its input in row 0 of {@code input}; reports through {@code tally}. */
    private interface CaseCheck {
        void check(String name, ModelInput input, long[] expectedItems, double[] expectedScores, Tally tally);
    }

    /** The largest score difference seen and the mismatches found, over all cases. */
    private static final class Tally {
        private final List<String> mismatches = new ArrayList<>();
        private double maxDiff;

        double diff(float score, double expected) {
            double diff = Math.abs(score - expected);
            maxDiff = Math.max(maxDiff, diff);
            return diff;
        }

        void mismatch(String what) {
            mismatches.add(what);
        }
    }

    private static Result eachCase(Path dir, int maxLen, CaseCheck check) {
        Tally tally = new Tally();
        int cases = 0;
        ModelInput input = new ModelInput(1, maxLen);
        for (JsonNode c : read(dir).get("cases")) {
            cases++;
            input.clear();
            input.addRow(longs(c.get("item_ids")), longs(c.get("event_types")));
            check.check(c.path("name").asText("case " + cases), input, longs(c.get("top_items")),
                    doubles(c.get("top_scores")), tally);
        }
        return new Result(cases, tally.maxDiff, tally.mismatches);
    }

    /** True when {@code item} appears in the expected list with a score tied to {@code score}. */
    private static boolean tiedSwap(long item, long[] expectedItems, double[] expectedScores, float score,
                                    double tolerance) {
        for (int j = 0; j < expectedItems.length; j++) {
            if (expectedItems[j] == item) {
                return Math.abs(expectedScores[j] - score) <= tolerance;
            }
        }
        return false;
    }

    private static long[] longs(JsonNode array) {
        long[] values = new long[array.size()];
        for (int i = 0; i < values.length; i++) values[i] = array.get(i).asLong();
        return values;
    }

    private static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) values[i] = array.get(i).asDouble();
        return values;
    }
}
