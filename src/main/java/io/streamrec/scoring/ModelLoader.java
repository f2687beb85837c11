package io.streamrec.scoring;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens a model directory on ONNX Runtime: files and hashes, graph signature, execution provider, parity. */
final class ModelLoader {
    private static final Logger log = LoggerFactory.getLogger(ModelLoader.class);
    /** Scores are logits of order 10; ONNX Runtime and PyTorch agree to ~1e-5 on the CPU, less closely on a GPU. */
    static final double PARITY_TOLERANCE = 1e-3;

    private ModelLoader() {
    }

    /**
     * Reads, verifies and opens a model directory; throws {@link ModelLoadException} when it cannot be served.
     * With {@link Device#AUTO} the CUDA execution provider is tried first and, when it cannot be used (no CUDA
     * build of ONNX Runtime, CUDA/cuDNN libraries missing, no GPU), the model opens on the CPU after one WARN line;
     * with {@link Device#CUDA} that is an error instead.
     */
    static SessionModel load(java.nio.file.Path dir, InferenceOptions options) {
        ModelDirectory directory = ModelDirectory.read(dir);
        SessionModel model = open(directory, options);
        ParityCheck.Result parity = ParityCheck.run(model, dir, PARITY_TOLERANCE);
        if (!parity.passed()) {
            model.close();
            throw new ModelLoadException(dir + ": ONNX Runtime does not reproduce parity.json (" + parity.mismatches()
                    .size() + " mismatches, first: " + parity.mismatches().get(0) + ")");
        }
        try {
            attachFastPath(model, directory, options);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }

    /**
     * The fast path ({@link FastPath}) when {@code scoring.retrieval} asks for it for this catalog: encoder.onnx,
     * with its int8 scan, and the item table, checked against parity.json
     * (its exact re-score must give the parity cases' top scores). {@code ann} without the files it needs is an
     * error; {@code auto} then stays exact, saying why.
     */
    private static void attachFastPath(SessionModel model, ModelDirectory directory, InferenceOptions options) {
        RetrievalOptions r = options.retrieval();
        ModelManifest m = directory.manifest();
        if (!r.wantsFastPath(m.numItems())) {
            return;
        }
        java.nio.file.Path encoderFile = directory.dir().resolve(Encoder.FILE);
        String missing = model.itemEmbeddings().isEmpty() ? ItemEmbeddings.FILE
                : java.nio.file.Files.isRegularFile(encoderFile) ? null : Encoder.FILE;
        if (missing != null) {
            String why = directory.dir() + " has no " + missing + " (add it with: python -m streamrec_model "
                    + (missing.equals(Encoder.FILE) ? "encoder" : "embeddings") + " DIR)";
            if (r.mode() == RetrievalOptions.Mode.ANN) {
                throw new ModelLoadException("scoring.retrieval=ann but " + why);
            }
            log.warn("scoring.retrieval=auto: {} items but {}; scoring every item (exact)", m.numItems(), why);
            return;
        }
        ItemEmbeddings table = model.itemEmbeddings().orElseThrow();
        Encoder encoder;
        try (OrtSession.SessionOptions sessionOptions = sessionOptions(options)) {
            if (SessionModel.CUDA_PROVIDER.equals(model.provider())) {
                CudaProvider.add(sessionOptions);
            }
            encoder = Encoder.open(directory, OrtEnvironment.getEnvironment(), sessionOptions);
        } catch (OrtException e) {
            throw new ModelLoadException("ONNX Runtime cannot open " + encoderFile + ": " + e.getMessage(), e);
        }
        long start = System.nanoTime();
        FastPath fast = new FastPath(encoder, table, m.k(), r.candidates());
        ParityCheck.Result check = ParityCheck.runRescore(fast, model, directory.dir(), PARITY_TOLERANCE);
        if (!check.passed()) {
            fast.close();
            throw new ModelLoadException(directory.dir() + ": " + Encoder.FILE + " and the item table do not "
                    + "reproduce parity.json's scores (" + check.mismatches().size() + " mismatches, first: "
                    + check.mismatches().get(0) + ")");
        }
        model.fastPath(fast);
        log.info("model {}: fast path for {} items ({}; ready in {} ms, parity re-score max diff {})",
                m.version(), m.numItems(), model.retrieval(), (System.nanoTime() - start) / 1_000_000,
                String.format("%.2g", check.maxScoreDiff()));
    }

    private static OrtSession.SessionOptions sessionOptions(InferenceOptions options) throws OrtException {
        OrtSession.SessionOptions sessionOptions = new OrtSession.SessionOptions();
        sessionOptions.setIntraOpNumThreads(options.intraOpThreads());
        sessionOptions.setInterOpNumThreads(1);
        // Inference shares cores with the stream threads: spinning workers would steal their CPU.
        sessionOptions.addConfigEntry("session.intra_op.allow_spinning", "0");
        sessionOptions.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        return sessionOptions;
    }

    private static SessionModel open(ModelDirectory directory, InferenceOptions options) {
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
        try (OrtSession.SessionOptions sessionOptions = sessionOptions(options)) {
            String provider = cuda ? CudaProvider.add(sessionOptions) : SessionModel.CPU_PROVIDER;
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
            Optional<ItemEmbeddings> embeddings;
            try {
                embeddings = ItemEmbeddings.read(directory.dir(), directory.manifest());
            } catch (RuntimeException e) {
                session.close();
                throw e;
            }
            if (embeddings.isEmpty()) {
                log.info("model {} has no {}: its items are explained as \"model\", without naming a history item "
                        + "(add it with: python -m streamrec_model embeddings DIR)", directory.manifest().version(),
                        ItemEmbeddings.FILE);
            }
            return new SessionModel(directory, env, session, provider, embeddings);
        } catch (OrtException e) {
            throw new ModelLoadException("ONNX Runtime cannot open " + directory.modelFile() + ": " + e.getMessage(), e);
        }
    }
}
