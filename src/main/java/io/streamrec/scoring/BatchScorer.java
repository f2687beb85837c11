package io.streamrec.scoring;

import io.streamrec.metrics.PipelineMetrics;
import io.streamrec.session.SessionState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scores many sessions with as few model calls as possible: one ONNX call per {@code batchMaxSize} sessions that
 * hold an item the model knows. The others (and every session when inference is off) come back cold: no
 * candidates, no vector.
 */
public final class BatchScorer {
    /** One session's result: the model's candidates, best first, and its session vector (null when cold). */
    public record Scored(List<ScoredItem> candidates, float[] vector) {
        public boolean coldStart() {
            return vector == null;
        }
    }

    private static final Scored COLD = new Scored(List.of(), null);

    private final int batchMaxSize;
    private final boolean inferenceEnabled;
    private final PipelineMetrics metrics;
    private ModelInput input;
    private SessionModel inputModel;

    public BatchScorer(int batchMaxSize, boolean inferenceEnabled, PipelineMetrics metrics) {
        this.batchMaxSize = batchMaxSize;
        this.inferenceEnabled = inferenceEnabled;
        this.metrics = metrics;
    }

    /** One result per session, in order. */
    public List<Scored> score(SessionModel model, List<SessionState> sessions) {
        Scored[] results = new Scored[sessions.size()];
        Arrays.fill(results, COLD);
        if (!inferenceEnabled) {
            return Arrays.asList(results);
        }
        ModelInput batch = inputFor(model);
        List<Integer> rows = new ArrayList<>(batchMaxSize);
        for (int i = 0; i < sessions.size(); i++) {
            if (batch.add(sessions.get(i).interactions(), model.vocabulary()) == 0) {
                continue;
            }
            rows.add(i);
            if (batch.isFull()) {
                run(model, batch, rows, results);
            }
        }
        if (!rows.isEmpty()) {
            run(model, batch, rows, results);
        }
        return Arrays.asList(results);
    }

    private void run(SessionModel model, ModelInput batch, List<Integer> rows, Scored[] results) {
        long start = System.nanoTime();
        ScoreBatch scores = model.score(batch);
        metrics.inference(scores.rows(), System.nanoTime() - start);
        for (int row = 0; row < rows.size(); row++) {
            results[rows.get(row)] = new Scored(scores.candidates(row, model.vocabulary()), scores.sessionVector(row));
        }
        rows.clear();
        batch.clear();
    }

    private ModelInput inputFor(SessionModel model) {
        if (model != inputModel) {
            input = new ModelInput(batchMaxSize, model.maxLen());
            inputModel = model;
        }
        input.clear();
        return input;
    }
}
