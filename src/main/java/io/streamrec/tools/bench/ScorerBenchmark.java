package io.streamrec.tools.bench;

import io.streamrec.events.EventType;
import io.streamrec.scoring.ModelInput;
import io.streamrec.scoring.SessionModel;
import io.streamrec.session.Interaction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Times {@link SessionModel#score} alone (no Kafka) on full-length sequences of random known items, input
 * packing included: median wall-clock milliseconds per call at each batch size.
 */
public final class ScorerBenchmark {

    /** Median over the timed calls. */
    public record Row(int batch, double medianMsPerCall, double msPerSequence, double sequencesPerSecond) {
    }

    private ScorerBenchmark() {
    }

    public static List<Row> run(SessionModel model, int[] batchSizes, int calls, long seed) {
        Random random = new Random(seed);
        int n = model.vocabulary().size();
        List<List<Interaction>> sequences = new ArrayList<>();
        for (int s = 0; s < 512; s++) {
            List<Interaction> seq = new ArrayList<>();
            for (int i = 0; i < model.maxLen(); i++) {
                seq.add(new Interaction(model.vocabulary().item(1 + random.nextInt(n)), EventType.CLICK, i));
            }
            sequences.add(seq);
        }
        List<Row> rows = new ArrayList<>();
        for (int batch : batchSizes) {
            ModelInput input = new ModelInput(batch, model.maxLen());
            int warmup = Math.max(3, calls / 5);
            double[] millis = new double[calls];
            for (int call = -warmup; call < calls; call++) {
                long start = System.nanoTime();
                input.clear();
                for (int row = 0; row < batch; row++) {
                    input.add(sequences.get((call * batch + row) & 511), model.vocabulary());
                }
                model.score(input);
                if (call >= 0) {
                    millis[call] = (System.nanoTime() - start) / 1e6;
                }
            }
            Arrays.sort(millis);
            double median = millis[calls / 2];
            rows.add(new Row(batch, median, median / batch, batch * 1000.0 / median));
        }
        return rows;
    }
}
