package io.streamrec.metrics;

import io.streamrec.events.RejectReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Process-wide counters of what the pipeline did; cheap to update from any stream thread. */
public final class PipelineMetrics {
    private final Map<RejectReason, LongAdder> rejected = new EnumMap<>(RejectReason.class);
    private final LongAdder events = new LongAdder();
    private final LongAdder recommendations = new LongAdder();
    private final LongAdder coldStarts = new LongAdder();
    private final LongAdder inferenceCalls = new LongAdder();
    private final LongAdder inferenceRows = new LongAdder();
    private final LongAdder inferenceNanos = new LongAdder();

    public PipelineMetrics() {
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(reason, new LongAdder());
        }
    }

    public void reject(RejectReason reason) {
        rejected.get(reason).increment();
    }

    public void event() {
        events.increment();
    }

    public void recommendation(boolean coldStart) {
        recommendations.increment();
        if (coldStart) {
            coldStarts.increment();
        }
    }

    public void inference(int rows, long nanos) {
        inferenceCalls.increment();
        inferenceRows.add(rows);
        inferenceNanos.add(nanos);
    }

    public long rejected(RejectReason reason) {
        return rejected.get(reason).sum();
    }

    public long rejectedTotal() {
        return rejected.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long events() {
        return events.sum();
    }

    public long recommendations() {
        return recommendations.sum();
    }

    public long coldStarts() {
        return coldStarts.sum();
    }

    public long inferenceCalls() {
        return inferenceCalls.sum();
    }

    public long inferenceRows() {
        return inferenceRows.sum();
    }

    public long inferenceNanos() {
        return inferenceNanos.sum();
    }
}
