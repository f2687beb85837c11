package io.streamrec.scoring;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded, verified model: one ONNX Runtime session, shared by every caller in the JVM (ORT sessions are
 * thread-safe), turning batches of sequences into top-k candidates and session vectors.
 */
public final class SessionModel implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SessionModel.class);
    static final String CPU_PROVIDER = "CPUExecutionProvider";
    static final String CUDA_PROVIDER = "CUDAExecutionProvider";

    private final ModelDirectory directory;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String provider;
    private final Optional<ItemEmbeddings> itemEmbeddings;
    private volatile FastPath fastPath;

    SessionModel(ModelDirectory directory, OrtEnvironment env, OrtSession session, String provider,
                 Optional<ItemEmbeddings> itemEmbeddings) {
        this.directory = directory;
        this.env = env;
        this.session = session;
        this.provider = provider;
        this.itemEmbeddings = itemEmbeddings;
    }

    void fastPath(FastPath path) {
        this.fastPath = path;
    }

    Optional<FastPath> fastPath() {
        return Optional.ofNullable(fastPath);
    }

    /**
     * How {@link #score} finds the top k: {@code exact} (model.onnx over the whole catalog) or the fast path, e.g.
     * {@code ann: int8 scan in blocks of 32 (encoder.onnx), exact re-score, 100 candidates}.
     */
    public String retrieval() {
        FastPath f = fastPath;
        return f == null ? "exact" : "ann: " + f.describe() + ", " + f.candidates() + " candidates";
    }

    /** Whether {@link #score} takes the fast path. */
    public boolean usesFastPath() {
        return fastPath != null;
    }

    /**
     * Reads, verifies and opens a model directory, and replays its parity.json; throws {@link ModelLoadException}
     * when it cannot be served. See {@link ModelLoader}.
     */
    public static SessionModel load(java.nio.file.Path dir, InferenceOptions options) {
        return ModelLoader.load(dir, options);
    }

    /**
     * Scores the filled rows of {@code input}: the fast path when the model has one (see {@link #retrieval()}),
     * else model.onnx. Safe to call from several threads with their own inputs.
     */
    public ScoreBatch score(ModelInput input) {
        FastPath f = fastPath;
        if (f == null) {
            return scoreExact(input);
        }
        check(input);
        return f.score(input);
    }

    /** Scores the filled rows of {@code input} with model.onnx: every item of the catalog. */
    public ScoreBatch scoreExact(ModelInput input) {
        check(input);
        int rows = input.rows();
        long[] shape = {rows, input.maxLen()};
        try (OnnxTensor items = OnnxTensor.createTensor(env, input.itemIdsView(), shape);
             OnnxTensor types = OnnxTensor.createTensor(env, input.eventTypesView(), shape);
             OrtSession.Result result = session.run(Map.of(ModelManifest.ITEM_IDS, items,
                     ModelManifest.EVENT_TYPES, types))) {
            int k = manifest().k();
            int dim = manifest().dim();
            long[] topItems = new long[rows * k];
            float[] topScores = new float[rows * k];
            float[] vectors = new float[rows * dim];
            output(result, ModelManifest.TOP_ITEMS, rows, k).getLongBuffer().get(topItems);
            output(result, ModelManifest.TOP_SCORES, rows, k).getFloatBuffer().get(topScores);
            output(result, ModelManifest.SESSION_VECTOR, rows, dim).getFloatBuffer().get(vectors);
            return new ScoreBatch(rows, k, dim, topItems, topScores, vectors);
        } catch (OrtException e) {
            throw new IllegalStateException("inference failed for model " + version() + ": " + e.getMessage(), e);
        }
    }

    private void check(ModelInput input) {
        if (input.rows() == 0) {
            throw new IllegalArgumentException("empty batch");
        }
        if (input.maxLen() != maxLen()) {
            throw new IllegalArgumentException("input rows have length " + input.maxLen() + ", model wants " + maxLen());
        }
    }

    /** An output of exactly [rows, width]: any other shape would shift rows, i.e. give users each other's lists. */
    private OnnxTensor output(OrtSession.Result result, String name, int rows, int width) throws OrtException {
        OnnxTensor tensor = (OnnxTensor) result.get(name).orElseThrow();
        long[] shape = tensor.getInfo().getShape();
        if (shape.length != 2 || shape[0] != rows || shape[1] != width) {
            throw new IllegalStateException("model " + version() + " returned '" + name + "' of shape "
                    + java.util.Arrays.toString(shape) + ", expected [" + rows + ", " + width + "]");
        }
        return tensor;
    }

    public ModelManifest manifest() {
        return directory.manifest();
    }

    public Vocabulary vocabulary() {
        return directory.vocabulary();
    }

    /** The item table for explanations; empty for a directory exported before model-export wrote it. */
    public Optional<ItemEmbeddings> itemEmbeddings() {
        return itemEmbeddings;
    }

    public String version() {
        return directory.manifest().version();
    }

    public int maxLen() {
        return directory.manifest().maxLen();
    }

    /** The execution provider inference runs on, e.g. {@code CPUExecutionProvider}. */
    public String provider() {
        return provider;
    }

    @Override
    public void close() {
        FastPath f = fastPath;
        if (f != null) {
            f.close();
        }
        try {
            session.close();
        } catch (OrtException e) {
            log.warn("closing model {}: {}", version(), e.getMessage());
        }
    }
}
