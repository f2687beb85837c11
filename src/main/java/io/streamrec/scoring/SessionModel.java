package io.streamrec.scoring;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
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
            } catch (CudaProvider.UnavailableException e) {
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
            String provider = cuda ? CudaProvider.add(sessionOptions) : CPU_PROVIDER;
            OrtSession session;
            try {
                session = env.createSession(directory.modelFile().toString(), sessionOptions);
            } catch (OrtException e) {
                if (cuda) {
                    // CUDA libraries loaded but the session could not start on the GPU (no device, driver too old)
                    // or the file itself is bad: either way the CPU attempt (auto) or the message (cuda) tells.
                    throw new CudaProvider.UnavailableException("ONNX Runtime could not open " + directory.modelFile()
                            + " with the CUDA execution provider: " + CudaProvider.reason(e.getMessage()), e);
                }
                throw e;
            }
            try {
                ModelSignature.check(session, directory);
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
