package io.streamrec.scoring;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@value #FILE} (model-export's {@code encoder} command): model.onnx without its item-table product. Outputs the
 * session vector and, when the model has them, what the history bonus adds per input position and the transition
 * prior's items and weights: with the item table, everything needed to score any item exactly as model.onnx does.
 * Its int8 scan of the item table also returns each row's best blocks of items (the candidates).
 */
final class Encoder implements AutoCloseable {
    static final String FILE = "encoder.onnx";
    static final String HISTORY_BONUS = "history_bonus";
    static final String PRIOR_ITEMS = "prior_items";
    static final String PRIOR_WEIGHTS = "prior_weights";
    static final String NUM_CANDIDATES = "num_candidates";
    static final String CANDIDATES = "candidates";

    /** One batch: per row the session vector [dim], the bonus per input position [len] and the prior [width]. */
    record Encoded(int rows, int dim, int len, int priorWidth, float[] vectors, float[] bonus, long[] priorItems,
                   float[] priorWeights, int width, long[] candidates, int block) {
        float[] vector(int row) {
            return Arrays.copyOfRange(vectors, row * dim, (row + 1) * dim);
        }
    }

    private final OrtEnvironment env;
    private final OrtSession session;
    private final int dim;
    private final boolean hasBonus;
    private final boolean hasPrior;
    private final int block;

    private Encoder(OrtEnvironment env, OrtSession session, int dim, boolean hasBonus, boolean hasPrior, int block) {
        this.block = block;
        this.env = env;
        this.session = session;
        this.dim = dim;
        this.hasBonus = hasBonus;
        this.hasPrior = hasPrior;
    }

    static Encoder open(ModelDirectory directory, OrtEnvironment env, OrtSession.SessionOptions options)
            throws OrtException {
        var file = directory.dir().resolve(FILE);
        OrtSession session = env.createSession(file.toString(), options);
        try {
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            List<String> names = List.copyOf(outputs.keySet());
            if (!session.getInputNames().contains(NUM_CANDIDATES)) {
                throw new ModelLoadException(file + " has no int8 scan (it was written with --no-scan, for the "
                        + "HNSW index this version no longer has); write it again with: python -m streamrec_model "
                        + "encoder DIR");
            }
            Set<String> inputs = new java.util.HashSet<>(ModelManifest.EXPECTED_INPUTS);
            inputs.add(NUM_CANDIDATES);
            if (!session.getInputNames().equals(inputs) || !outputs.containsKey(CANDIDATES)
                    || !outputs.containsKey(ModelManifest.SESSION_VECTOR)
                    || !Set.of(ModelManifest.SESSION_VECTOR, HISTORY_BONUS, PRIOR_ITEMS, PRIOR_WEIGHTS, CANDIDATES)
                    .containsAll(names)
                    || outputs.containsKey(PRIOR_ITEMS) != outputs.containsKey(PRIOR_WEIGHTS)) {
                throw new ModelLoadException(file + ": unexpected signature " + session.getInputNames() + " -> " + names);
            }
            String value = session.getMetadata().getCustomMetadata().get("scan_block");
            int block;
            try {
                block = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new ModelLoadException(file + ": metadata 'scan_block' is '" + value + "', not a number");
            }
            if (block < 1) {
                throw new ModelLoadException(file + ": metadata 'scan_block' must be positive");
            }
            return new Encoder(env, session, directory.manifest().dim(), outputs.containsKey(HISTORY_BONUS),
                    outputs.containsKey(PRIOR_ITEMS), block);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** Items per block of the scan's candidates. */
    int block() {
        return block;
    }

    /** {@code numCandidates}: how many candidates (blocks) the scan returns per row. */
    Encoded encode(ModelInput input, int numCandidates) {
        int rows = input.rows();
        int len = input.maxLen();
        long[] shape = {rows, len};
        try (OnnxTensor items = OnnxTensor.createTensor(env, input.itemIdsView(), shape);
             OnnxTensor types = OnnxTensor.createTensor(env, input.eventTypesView(), shape);
             OnnxTensor count = OnnxTensor.createTensor(env, new long[] {numCandidates});
             OrtSession.Result result = session.run(
                     Map.of(ModelManifest.ITEM_IDS, items, ModelManifest.EVENT_TYPES, types, NUM_CANDIDATES, count))) {
            float[] vectors = new float[rows * dim];
            output(result, ModelManifest.SESSION_VECTOR, rows, dim).getFloatBuffer().get(vectors);
            float[] bonus = null;
            if (hasBonus) {
                bonus = new float[rows * len];
                output(result, HISTORY_BONUS, rows, len).getFloatBuffer().get(bonus);
            }
            long[] priorItems = null;
            float[] priorWeights = null;
            int width = 0;
            if (hasPrior) {
                OnnxTensor pi = (OnnxTensor) result.get(PRIOR_ITEMS).orElseThrow();
                width = (int) pi.getInfo().getShape()[1];
                priorItems = new long[rows * width];
                priorWeights = new float[rows * width];
                output(result, PRIOR_ITEMS, rows, width).getLongBuffer().get(priorItems);
                output(result, PRIOR_WEIGHTS, rows, width).getFloatBuffer().get(priorWeights);
            }
            long[] candidates = new long[rows * numCandidates];
            output(result, CANDIDATES, rows, numCandidates).getLongBuffer().get(candidates);
            return new Encoded(rows, dim, len, width, vectors, bonus, priorItems, priorWeights, numCandidates,
                    candidates, block);
        } catch (OrtException e) {
            throw new IllegalStateException("encoder inference failed: " + e.getMessage(), e);
        }
    }

    private static OnnxTensor output(OrtSession.Result result, String name, int rows, int width) throws OrtException {
        OnnxTensor tensor = (OnnxTensor) result.get(name).orElseThrow();
        long[] shape = tensor.getInfo().getShape();
        if (shape.length != 2 || shape[0] != rows || shape[1] != width) {
            throw new IllegalStateException("encoder returned '" + name + "' of shape " + Arrays.toString(shape)
                    + ", expected [" + rows + ", " + width + "]");
        }
        return tensor;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // closing: nothing left to do
        }
    }
}
