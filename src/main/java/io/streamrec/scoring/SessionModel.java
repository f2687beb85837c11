package io.streamrec.scoring;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.util.Map;
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

    private SessionModel(ModelDirectory directory, OrtEnvironment env, OrtSession session, String provider) {
        this.directory = directory;
        this.env = env;
        this.session = session;
        this.provider = provider;
    }

    /**
     * Reads, verifies and opens a model directory; throws {@link ModelLoadException} when it cannot be served.
     * With {@link Device#AUTO} the CUDA execution provider is tried first and, when it cannot be used (no CUDA
     * build of ONNX Runtime, CUDA/cuDNN libraries missing, no GPU), the model opens on the CPU after one WARN line;
     * with {@link Device#CUDA} that is an error instead.
     */
    public static SessionModel load(java.nio.file.Path dir, InferenceOptions options) {
        ModelDirectory directory = ModelDirectory.read(dir);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        if (options.device() != Device.CPU) {
            try {
                return open(directory, env, options, true);
            } catch (CudaUnavailableException e) {
                if (options.device() == Device.CUDA) {
                    throw new ModelLoadException("device=cuda but " + e.getMessage()
                            + "; use device=auto to fall back to the CPU, or device=cpu", e.getCause());
                }
                log.warn("device=auto: {}; scoring on the CPU", e.getMessage());
            }
        }
        return open(directory, env, options, false);
    }

    private static SessionModel open(ModelDirectory directory, OrtEnvironment env, InferenceOptions options,
                                     boolean cuda) {
        try (OrtSession.SessionOptions sessionOptions = new OrtSession.SessionOptions()) {
            sessionOptions.setIntraOpNumThreads(options.intraOpThreads());
            sessionOptions.setInterOpNumThreads(1);
            // Inference shares cores with the stream threads: spinning workers would steal their CPU.
            sessionOptions.addConfigEntry("session.intra_op.allow_spinning", "0");
            sessionOptions.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            String provider = cuda ? addCuda(sessionOptions) : CPU_PROVIDER;
            OrtSession session;
            try {
                session = env.createSession(directory.modelFile().toString(), sessionOptions);
            } catch (OrtException e) {
                if (cuda) {
                    // CUDA libraries loaded but the session could not start on the GPU (no device, driver too old)
                    // or the file itself is bad: either way the CPU attempt (auto) or the message (cuda) tells.
                    throw new CudaUnavailableException("ONNX Runtime could not open " + directory.modelFile()
                            + " with the CUDA execution provider: " + reason(e.getMessage()), e);
                }
                throw e;
            }
            try {
                checkSignature(session, directory);
            } catch (RuntimeException e) {
                session.close();
                throw e;
            }
            log.info("model {} loaded from {} ({} items, max_len {}, k {}) on {}", directory.manifest().version(),
                    directory.dir(), directory.manifest().numItems(), directory.manifest().maxLen(),
                    directory.manifest().k(), provider);
            return new SessionModel(directory, env, session, provider);
        } catch (OrtException e) {
            throw new ModelLoadException("ONNX Runtime cannot open " + directory.modelFile() + ": " + e.getMessage(), e);
        }
    }

    private static String addCuda(OrtSession.SessionOptions options) {
        if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
            throw new CudaUnavailableException("the CUDA execution provider is unavailable: this is the CPU build of "
                    + "ONNX Runtime (build the jar with `mvn -Pgpu package`)", null);
        }
        try {
            options.addCUDA(0);
            return CUDA_PROVIDER;
        } catch (OrtException | UnsatisfiedLinkError e) {
            // The GPU build throws here when libcudart/libcublas(Lt)/libcufft/libcurand (CUDA 12) or libcudnn (9)
            // cannot be loaded.
            throw new CudaUnavailableException("the CUDA execution provider is unavailable: " + reason(e.getMessage())
                    + " (ONNX Runtime " + OrtEnvironment.getEnvironment().getVersion()
                    + " needs CUDA 12.x and cuDNN 9.x libraries on the library path)", e);
        }
    }

    /**
     * The part of an ONNX Runtime message worth one log line: from {@code CUDA failure N: ...} when there is one
     * (the text before it is C++ call-site noise), else the first line; at most 240 characters.
     */
    static String reason(String message) {
        if (message == null || message.isBlank()) {
            return "(no message)";
        }
        String text = message.strip();
        int cudaFailure = text.indexOf("CUDA failure");
        if (cudaFailure >= 0) {
            text = text.substring(cudaFailure);
            int end = text.indexOf(" ;");
            text = end < 0 ? text : text.substring(0, end);
        }
        int newline = text.indexOf('\n');
        text = newline < 0 ? text : text.substring(0, newline).strip() + " ...";
        return text.length() <= 240 ? text : text.substring(0, 237) + "...";
    }

    /** CUDA could not be used; {@link #load} turns it into a CPU fallback (auto) or an error (cuda). */
    private static final class CudaUnavailableException extends RuntimeException {
        CudaUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static void checkSignature(OrtSession session, ModelDirectory directory) throws OrtException {
        ModelManifest manifest = directory.manifest();
        Map<String, NodeInfo> inputs = session.getInputInfo();
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        if (!inputs.keySet().equals(java.util.Set.copyOf(ModelManifest.EXPECTED_INPUTS))) {
            throw new ModelLoadException(directory.modelFile() + ": inputs " + inputs.keySet()
                    + " do not match model.json " + manifest.inputs());
        }
        if (!outputs.keySet().equals(java.util.Set.copyOf(ModelManifest.EXPECTED_OUTPUTS))) {
            throw new ModelLoadException(directory.modelFile() + ": outputs " + outputs.keySet()
                    + " do not match model.json " + manifest.outputs());
        }
        expect(directory, inputs, ModelManifest.ITEM_IDS, OnnxJavaType.INT64, manifest.maxLen());
        expect(directory, inputs, ModelManifest.EVENT_TYPES, OnnxJavaType.INT64, manifest.maxLen());
        expect(directory, outputs, ModelManifest.TOP_ITEMS, OnnxJavaType.INT64, manifest.k());
        expect(directory, outputs, ModelManifest.TOP_SCORES, OnnxJavaType.FLOAT, manifest.k());
        expect(directory, outputs, ModelManifest.SESSION_VECTOR, OnnxJavaType.FLOAT, manifest.dim());
    }

    /** A [batch, width] tensor of the given type; a symbolic (-1) width is accepted. */
    private static void expect(ModelDirectory directory, Map<String, NodeInfo> nodes, String name,
                               OnnxJavaType type, int width) {
        if (!(nodes.get(name).getInfo() instanceof TensorInfo info)) {
            throw new ModelLoadException(directory.modelFile() + ": '" + name + "' is not a tensor");
        }
        long[] shape = info.getShape();
        boolean widthMatches = shape.length == 2 && (shape[1] == width || shape[1] < 0);
        if (info.type != type || !widthMatches) {
            throw new ModelLoadException(directory.modelFile() + ": '" + name + "' is " + info.type + " "
                    + java.util.Arrays.toString(shape) + ", model.json implies " + type + " [batch, " + width + "]");
        }
    }

    /** Scores the filled rows of {@code input}. Safe to call from several threads with their own inputs. */
    public ScoreBatch score(ModelInput input) {
        int rows = input.rows();
        if (rows == 0) {
            throw new IllegalArgumentException("empty batch");
        }
        if (input.maxLen() != maxLen()) {
            throw new IllegalArgumentException("input rows have length " + input.maxLen() + ", model wants " + maxLen());
        }
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
            ((OnnxTensor) result.get(ModelManifest.TOP_ITEMS).orElseThrow()).getLongBuffer().get(topItems);
            ((OnnxTensor) result.get(ModelManifest.TOP_SCORES).orElseThrow()).getFloatBuffer().get(topScores);
            ((OnnxTensor) result.get(ModelManifest.SESSION_VECTOR).orElseThrow()).getFloatBuffer().get(vectors);
            return new ScoreBatch(rows, k, dim, topItems, topScores, vectors);
        } catch (OrtException e) {
            throw new IllegalStateException("inference failed for model " + version() + ": " + e.getMessage(), e);
        }
    }

    public ModelManifest manifest() {
        return directory.manifest();
    }

    public Vocabulary vocabulary() {
        return directory.vocabulary();
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
        try {
            session.close();
        } catch (OrtException e) {
            log.warn("closing model {}: {}", version(), e.getMessage());
        }
    }
}
