package io.streamrec.tools.bench;

import io.streamrec.events.EventType;
import io.streamrec.scoring.Device;
import io.streamrec.scoring.InferenceOptions;
import io.streamrec.scoring.RetrievalOptions;
import io.streamrec.scoring.ModelInput;
import io.streamrec.scoring.ScoreBatch;
import io.streamrec.scoring.SessionModel;
import io.streamrec.scoring.Vocabulary;
import io.streamrec.session.Interaction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One scoring call as the app makes it: pack {@code batch} sessions (full-length histories of item ids and event
 * types) into the reusable direct input buffers, create the input tensors, run the model, copy out top-k and session
 * vectors, close every tensor and result ({@link SessionModel#score} does that). Average time per call; sequences/s
 * is {@code batch / time}, printed by {@link JmhSummary}.
 *
 * <p>Model directories are {@code <models>/items-<catalog>} as written by {@code streams-app/bin/bench-models};
 * {@code catalog} may also be a path to any model directory. Iterations are short so the 3 x 3 grid runs in a few
 * minutes on 2 cores; raise them with {@code -wi/-i/-w/-r} for tighter error bars.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class ScorerJmh {

    /** Distinct random sessions cycled through, so rows differ from call to call. */
    private static final int SESSIONS = 512;

    @Param({"1", "32", "256"})
    public int batch;

    @Param({"12k", "100k", "1m"})
    public String catalog;

    /** Folder holding {@code items-<catalog>} model directories. */
    @Param("target/bench-models")
    public String models;

    /** cpu, cuda (fail if CUDA is unusable) or auto. */
    @Param("cpu")
    public String device;

    /** ONNX Runtime intra-op threads (the app's default is 1 per stream thread). */
    @Param("1")
    public int threads;

    /** scoring.retrieval: exact (model.onnx over every item), ann (the fast path) or auto. */
    @Param("exact")
    public String retrieval;

    private SessionModel model;
    private Vocabulary vocabulary;
    private ModelInput input;
    private List<List<Interaction>> sessions;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        Path dir = catalog.contains("/") ? Path.of(catalog) : Path.of(models, "items-" + catalog);
        model = SessionModel.load(dir, new InferenceOptions(Device.parse(device), threads,
                RetrievalOptions.DEFAULT.withMode(RetrievalOptions.Mode.parse(retrieval))));
        vocabulary = model.vocabulary();
        System.out.printf("# model %s: %d items, max_len %d, dim %d, provider %s%n", dir, vocabulary.size(),
                model.maxLen(), model.manifest().dim(), model.provider());
        Random random = new Random(42);
        int n = vocabulary.size();
        sessions = new ArrayList<>(SESSIONS);
        for (int s = 0; s < SESSIONS; s++) {
            List<Interaction> session = new ArrayList<>(model.maxLen());
            for (int i = 0; i < model.maxLen(); i++) {
                EventType type = i % 10 == 9 ? EventType.CART : EventType.CLICK;
                session.add(new Interaction(vocabulary.item(1 + random.nextInt(n)), type, i));
            }
            sessions.add(session);
        }
        input = new ModelInput(batch, model.maxLen());
    }

    @Benchmark
    public ScoreBatch score() {
        input.clear();
        for (int row = 0; row < batch; row++) {
            input.add(sessions.get(next), vocabulary);
            next = (next + 1) % SESSIONS;
        }
        return model.score(input);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        model.close();
    }
}
