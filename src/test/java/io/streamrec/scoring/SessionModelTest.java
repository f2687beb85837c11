package io.streamrec.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamrec.TestModels;
import io.streamrec.events.EventType;
import io.streamrec.session.Interaction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading the real bundled model, and refusing broken copies of it with a clear message. */
class SessionModelTest {
    @TempDir
    Path tmp;

    @Test
    void shouldReproducePyTorchOnEveryParityCase() {
        try (SessionModel model = TestModels.demoModel()) {
            ParityCheck.Result result = ParityCheck.run(model, TestModels.DEMO_MODEL, 1e-4);
            assertTrue(result.cases() >= 20, "parity.json has " + result.cases() + " cases");
            assertTrue(result.passed(), String.join("\n", result.mismatches()));
        }
    }

    @Test
    void shouldScoreABatchWithoutPaddingAndWithDescendingScores() {
        try (SessionModel model = TestModels.demoModel()) {
            ModelInput input = new ModelInput(4, model.maxLen());
            Vocabulary vocab = model.vocabulary();
            input.add(List.of(new Interaction(vocab.item(1), EventType.CLICK, 1)), vocab);
            input.add(List.of(new Interaction("unknown", EventType.CLICK, 1),
                    new Interaction(vocab.item(2), EventType.CART, 2)), vocab);
            assertEquals(0, input.add(List.of(new Interaction("unknown", EventType.CLICK, 1)), vocab),
                    "a row with no known item is not added");
            ScoreBatch batch = model.score(input);

            assertEquals(2, batch.rows());
            for (int row = 0; row < 2; row++) {
                float[] scores = batch.topScores(row);
                for (long item : batch.topItems(row)) {
                    assertTrue(item >= 1 && item <= vocab.size(), "index " + item);
                }
                for (int i = 1; i < scores.length; i++) {
                    assertTrue(scores[i - 1] >= scores[i]);
                }
                assertEquals(model.manifest().dim(), batch.sessionVector(row).length);
            }
            assertNotEquals(batch.topItems(0)[0] + "," + batch.topItems(0)[1],
                    batch.topItems(1)[0] + "," + batch.topItems(1)[1], "different sequences, different lists");
        }
    }

    @Test
    void shouldRefuseAModelFileWhoseShaDoesNotMatch() throws IOException {
        Path dir = copy(d -> append(d.resolve("model.onnx"), new byte[] {1, 2, 3}));
        assertRefused(dir, "sha256");
    }

    @Test
    void shouldRefuseATruncatedOnnxFileEvenWithAMatchingSha() throws IOException {
        Path dir = copy(d -> {
            truncate(d.resolve("model.onnx"), 1000);
            rehash(d, "model.onnx");
        });
        assertRefused(dir, "ONNX Runtime cannot open");
    }

    @Test
    void shouldRefuseASignatureThatDoesNotMatchModelJson() throws IOException {
        Path dir = copy(d -> editManifest(d, m -> m.put("dim", m.get("dim").asInt() + 1)));
        assertRefused(dir, "session_vector");
    }

    @Test
    void shouldRefuseAMissingOrMismatchedVocabulary() throws IOException {
        assertRefused(copy(d -> delete(d.resolve("items.txt"))), "items.txt is missing");
        assertRefused(copy(d -> editManifest(d, m -> m.put("num_items", m.get("num_items").asInt() - 1))), "num_items");
    }

    @Test
    void shouldRefuseAChangedFileThatModelJsonHashes() throws IOException {
        assertRefused(copy(d -> append(d.resolve("items.txt"), "sku-extra\n".getBytes())), "items.txt has sha256");
        assertRefused(copy(d -> append(d.resolve("metrics.json"), " ".getBytes())), "metrics.json has sha256");
    }

    @Test
    void shouldRefuseAFileThatModelJsonDoesNotCover() throws IOException {
        assertRefused(copy(d -> Files.writeString(d.resolve("extra.bin"), "?")), "not covered");
        assertRefused(copy(d -> editManifest(d, m -> m.remove("files"))), "'files'");
    }

    @Test
    void shouldRefuseMoreCandidatesThanItems() throws IOException {
        assertRefused(copy(d -> editManifest(d, m -> m.put("k", m.get("num_items").asInt() + 1))), "'k'");
    }

    @Test
    void shouldRefuseAModelThatDoesNotReproduceItsParityCases() throws IOException {
        Path dir = copy(d -> {
            ObjectNode parity = (ObjectNode) new ObjectMapper().readTree(d.resolve("parity.json").toFile());
            var scores = (com.fasterxml.jackson.databind.node.ArrayNode) parity.get("cases").get(0).get("top_scores");
            scores.set(0, scores.get(0).asDouble() + 0.5);
            new ObjectMapper().writeValue(d.resolve("parity.json").toFile(), parity);
            rehash(d, "parity.json");
        });
        assertRefused(dir, "does not reproduce parity.json");
    }

    @Test
    void shouldLoadTheItemTableForExplanations() {
        try (SessionModel model = TestModels.demoModel()) {
            ItemEmbeddings table = model.itemEmbeddings().orElseThrow();
            assertEquals(model.manifest().numItems() + 1, table.rows());
            assertEquals(model.manifest().dim(), table.dim());
            assertEquals(0.0, table.dot(0, 0), "row 0 is the padding item");
            assertTrue(table.dot(1, 1) > 0);
            assertEquals(1.0, table.cosine(7, 7), 1e-5);
        }
    }

    @Test
    void shouldServeADirectoryExportedBeforeTheItemTableWithoutIt() throws IOException {
        Path older = copy(d -> {
            delete(d.resolve(ItemEmbeddings.FILE));
            editManifest(d, m -> ((ObjectNode) m.get("files")).remove(ItemEmbeddings.FILE));
        });
        try (SessionModel model = SessionModel.load(older, InferenceOptions.CPU_SINGLE_THREAD)) {
            assertTrue(model.itemEmbeddings().isEmpty());
        }
    }

    @Test
    void shouldRefuseAnItemTableOfTheWrongSize() throws IOException {
        assertRefused(copy(d -> {
            truncate(d.resolve(ItemEmbeddings.FILE), 4000);
            rehash(d, ItemEmbeddings.FILE);
        }), "item_embeddings.f32 has 4000 bytes");
    }

    @Test
    void shouldRefuseAManifestWithoutAVersion() throws IOException {
        assertRefused(copy(d -> editManifest(d, m -> m.remove("version"))), "'version' is missing");
        assertRefused(tmp.resolve("nowhere"), "does not exist");
    }

    @Test
    void shouldReduceOnnxRuntimeCudaErrorsToTheirReason() {
        String cuda = "/onnxruntime_src/onnxruntime/core/providers/cuda/cuda_call.cc:129 std::conditional_t<THRW, void, "
                + "onnxruntime::common::Status> onnxruntime::CudaCall(ERRTYPE, ...) CUDA failure 35: CUDA driver version is "
                + "insufficient for CUDA runtime version ; GPU=-1 ; hostname=vm ; expr=cudaSetDevice(info_.device_id);";
        assertEquals("CUDA failure 35: CUDA driver version is insufficient for CUDA runtime version",
                CudaProvider.reason(cuda));
        assertEquals("first ...", CudaProvider.reason("first\nsecond"));
        assertEquals(240, CudaProvider.reason("x".repeat(1000)).length());
        assertEquals("(no message)", CudaProvider.reason(null));
    }

    private static void assertRefused(Path dir, String expectedMessagePart) {
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> SessionModel.load(dir, InferenceOptions.CPU_SINGLE_THREAD).close());
        assertTrue(e.getMessage().contains(expectedMessagePart), e.getMessage());
    }

    private Path copy(IoConsumer<Path> damage) throws IOException {
        Path dir = Files.createTempDirectory(tmp, "model");
        try (var files = Files.list(TestModels.DEMO_MODEL)) {
            for (Path file : files.toList()) {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
        }
        damage.accept(dir);
        return dir;
    }

    private static void editManifest(Path dir, Consumer<ObjectNode> edit) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode manifest = (ObjectNode) json.readTree(dir.resolve("model.json").toFile());
        edit.accept(manifest);
        json.writeValue(dir.resolve("model.json").toFile(), manifest);
    }

    /** Damage that also updates model.json's hashes, so a later check has to catch it. */
    private static void rehash(Path dir, String name) throws IOException {
        editManifest(dir, m -> {
            if (name.equals("model.onnx")) {
                m.put("sha256", sha256(dir.resolve(name)));
            }
            ((ObjectNode) m.get("files")).put(name, sha256(dir.resolve(name)));
        });
    }

    private static void append(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes, java.nio.file.StandardOpenOption.APPEND);
    }

    private static void truncate(Path file, int size) throws IOException {
        byte[] all = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(all, size));
    }

    private static void delete(Path file) throws IOException {
        Files.delete(file);
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @FunctionalInterface
    interface IoConsumer<T> {
        void accept(T value) throws IOException;
    }
}
