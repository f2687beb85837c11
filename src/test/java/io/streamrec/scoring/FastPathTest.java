package io.streamrec.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fast path (encoder.onnx + int8 scan + exact re-score) against model.onnx on the fixture model
 * {@code src/test/models/fastpath} (2,000 items, a history bonus and a transition prior; written by
 * {@code model-export/tests/fastpath_fixture.py}).
 */
class FastPathTest {
    static final Path FIXTURE = Path.of("src/test/models/fastpath");

    @TempDir
    Path tmp;

    private InferenceOptions options(RetrievalOptions.Mode mode) {
        return new InferenceOptions(Device.CPU, 1, new RetrievalOptions(mode, 1000, 32));
    }

    /** Sequences that exercise the bonus (repeated items, all event types) and the prior (any last item). */
    private static ModelInput randomInput(int rows, int maxLen, int numItems, long seed) {
        Random random = new Random(seed);
        ModelInput input = new ModelInput(rows, maxLen);
        for (int r = 0; r < rows; r++) {
            long[] items = new long[maxLen];
            long[] types = new long[maxLen];
            int len = 1 + random.nextInt(maxLen);
            for (int p = maxLen - len; p < maxLen; p++) {
                boolean repeat = p > maxLen - len && random.nextInt(3) == 0;
                items[p] = repeat ? items[p - 1 - random.nextInt(p - (maxLen - len))] : 1 + random.nextInt(numItems);
                types[p] = 1 + random.nextInt(3);
            }
            input.addRow(items, types);
        }
        return input;
    }

    @Test
    void fastPathScoresLikeModelOnnxAndFindsTheExactTop10() {
        try (SessionModel model = SessionModel.load(FIXTURE, options(RetrievalOptions.Mode.ANN))) {
            assertTrue(model.usesFastPath(), model.retrieval());
            assertTrue(model.retrieval().contains("int8 scan"), model.retrieval());
            int n = model.manifest().numItems();
            ModelInput input = randomInput(64, model.maxLen(), n, 7);
            ScoreBatch exact = model.scoreExact(input);
            ScoreBatch fast = model.score(input);
            int k = model.manifest().k();
            int hits = 0;
            int compared = 0;
            for (int r = 0; r < input.rows(); r++) {
                Map<Long, Float> exactScores = new HashMap<>();
                long[] ei = exact.topItems(r);
                float[] es = exact.topScores(r);
                for (int i = 0; i < k; i++) {
                    exactScores.put(ei[i], es[i]);
                }
                long[] fi = fast.topItems(r);
                float[] fs = fast.topScores(r);
                for (int i = 0; i < k; i++) {
                    Float want = exactScores.get(fi[i]);
                    if (want != null) {  // the same item: the same score (history bonus and prior included)
                        assertEquals(want, fs[i], 1e-4, "row " + r + " item " + fi[i]);
                        compared++;
                    }
                    if (i < 10 && exactScores.containsKey(fi[i])) {
                        for (int j = 0; j < 10; j++) {
                            if (ei[j] == fi[i]) {
                                hits++;
                            }
                        }
                    }
                }
                for (int i = 1; i < k; i++) {
                    assertTrue(fs[i - 1] >= fs[i], "descending scores");
                }
                assertEquals(model.manifest().dim(), fast.sessionVector(r).length);
            }
            assertTrue(compared > input.rows() * k * 9 / 10, "compared " + compared);
            double recall10 = hits / (10.0 * input.rows());
            assertTrue(recall10 >= 0.98, "recall@10 " + recall10);
        }
    }

    @Test
    void autoStaysExactBelowItsSwitchPointAndAnnFollowsIt() {
        InferenceOptions auto = new InferenceOptions(Device.CPU, 1,
                new RetrievalOptions(RetrievalOptions.Mode.AUTO, 2001, 32));
        try (SessionModel model = SessionModel.load(FIXTURE, auto)) {
            assertFalse(model.usesFastPath());
            assertEquals("exact", model.retrieval());
        }
        InferenceOptions autoSmall = new InferenceOptions(Device.CPU, 1,
                new RetrievalOptions(RetrievalOptions.Mode.AUTO, 2000, 32));
        try (SessionModel model = SessionModel.load(FIXTURE, autoSmall)) {
            assertTrue(model.usesFastPath());
        }
        try (SessionModel model = SessionModel.load(FIXTURE, options(RetrievalOptions.Mode.EXACT))) {
            assertFalse(model.usesFastPath());
        }
    }

    @Test
    void aDirectoryWithoutEncoderIsServedExactlyUnderAutoAndRefusedUnderAnn() {
        InferenceOptions auto = new InferenceOptions(Device.CPU, 1,
                new RetrievalOptions(RetrievalOptions.Mode.AUTO, 0, 32));
        try (SessionModel model = SessionModel.load(TestModels.DEMO_MODEL, auto)) {
            assertEquals("exact", model.retrieval());
        }
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> SessionModel.load(TestModels.DEMO_MODEL, options(RetrievalOptions.Mode.ANN)).close());
        assertTrue(e.getMessage().contains("encoder.onnx"), e.getMessage());
    }

    @Test
    void aTamperedEncoderIsRefused() throws IOException {
        Path copy = tmp.resolve("copy");
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(FIXTURE)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        Files.write(copy.resolve(Encoder.FILE), new byte[] {0}, StandardOpenOption.APPEND);
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> SessionModel.load(copy, options(RetrievalOptions.Mode.ANN)).close());
        assertTrue(e.getMessage().contains("encoder.onnx"), e.getMessage());
    }
}
