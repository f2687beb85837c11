package io.streamrec.tools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamrec.tools.bench.ScorerBenchmark;
import java.util.List;
import java.util.Locale;

/** The bench's table, ratios and one JSON line (field names as the performance issue asks). */
public record BenchReport(List<ModeResult> results, ScorerBenchmark.Row scorerAlone,
                          StateFootprint footprint, double rate) {

    public String table() {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "%-17s %10s %10s %10s %10s %9s %8s %8s %8s%n", "configuration", "events/s", "lists/s", "cpu_s/1k",
                "mean_batch", "wait_ms", "p50_ms", "p95_ms", "p99_ms"));
        for (ModeResult r : results) {
            text.append(String.format(Locale.ROOT, "%-17s %10.0f %10.0f %10.3f %10s %9s %8.0f %8.0f %8.0f%n",
                    r.mode().label(), r.eventsPerSecond(), r.outputsPerSecond(), r.cpuSecondsPer1k(),
                    Double.isNaN(r.meanBatch()) ? "-" : String.format(Locale.ROOT, "%.1f", r.meanBatch()),
                    Double.isNaN(r.batchWaitMeanMs()) ? "-"
                            : String.format(Locale.ROOT, "%.1f/%.0f", r.batchWaitMeanMs(), r.batchWaitMaxMs()),
                    r.p50Ms(), r.p95Ms(), r.p99Ms()));
        }
        text.append(String.format(Locale.ROOT, "%-17s %10.0f sequences/s at batch %d (ONNX Runtime alone, input packing included)%n",
                "scorer alone", scorerAlone.sequencesPerSecond(), scorerAlone.batch()));
        text.append("wait_ms: mean/max time a pending user waited for its batch (bounded by batch.max.delay.ms plus"
                + " the batch ahead of it)\n");
        text.append(String.format(Locale.ROOT, "latency: event timestamp (stamped just before it is produced) -> list at a read_committed consumer, at %.0f events/s%n", rate));
        text.append(String.format(Locale.ROOT, "ratios: scored/scorer_alone=%.2f (target >= 0.7)  passthrough/client_loop=%.2f (>= 0.5)  scored/scored_unbatched=%.2f (>= 3)%n",
                ratio(BenchMode.SCORED, scorerAlone.sequencesPerSecond()), ratio(BenchMode.PASSTHROUGH, eps(BenchMode.CLIENT_LOOP)),
                ratio(BenchMode.SCORED, eps(BenchMode.SCORED_UNBATCHED))));
        if (footprint != null) {
            text.append(String.format(Locale.ROOT, "state: %d users, %.0f bytes/user (key + encoded session; longest %d interactions); heap in use %.0f MB%n",
                    footprint.users(), footprint.bytesPerUser(), footprint.maxInteractions(),
                    footprint.heapUsedBytes() / 1e6));
        }
        return text.toString();
    }

    public String json() {
        ObjectNode node = new ObjectMapper().createObjectNode();
        node.put("client_loop_eps", round(eps(BenchMode.CLIENT_LOOP)));
        node.put("passthrough_eps", round(eps(BenchMode.PASSTHROUGH)));
        node.put("scored_unbatched_eps", round(eps(BenchMode.SCORED_UNBATCHED)));
        node.put("scored_eps", round(eps(BenchMode.SCORED)));
        node.put("scorer_alone_sps", round(scorerAlone.sequencesPerSecond()));
        node.put("scored_over_scorer_alone", round(ratio(BenchMode.SCORED, scorerAlone.sequencesPerSecond())));
        node.put("passthrough_over_client_loop", round(ratio(BenchMode.PASSTHROUGH, eps(BenchMode.CLIENT_LOOP))));
        node.put("scored_over_scored_unbatched", round(ratio(BenchMode.SCORED, eps(BenchMode.SCORED_UNBATCHED))));
        ModeResult scored = find(BenchMode.SCORED);
        node.put("p50_ms", scored == null ? Double.NaN : scored.p50Ms());
        node.put("p95_ms", scored == null ? Double.NaN : scored.p95Ms());
        node.put("p99_ms", scored == null ? Double.NaN : scored.p99Ms());
        node.put("rate", rate);
        node.put("scored_mean_batch", scored == null ? Double.NaN : round(scored.meanBatch()));
        if (footprint != null) {
            node.put("state_bytes_per_user", round(footprint.bytesPerUser()));
            node.put("heap_used_mb", round(footprint.heapUsedBytes() / 1e6));
        }
        return node.toString();
    }

    double eps(BenchMode mode) {
        ModeResult r = find(mode);
        return r == null ? Double.NaN : r.eventsPerSecond();
    }

    private double ratio(BenchMode mode, double denominator) {
        return eps(mode) / denominator;
    }

    private ModeResult find(BenchMode mode) {
        return results.stream().filter(r -> r.mode() == mode).findFirst().orElse(null);
    }

    private static double round(double value) {
        return Double.isNaN(value) ? value : Math.round(value * 1000) / 1000.0;
    }
}
