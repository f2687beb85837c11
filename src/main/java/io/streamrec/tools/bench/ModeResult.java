package io.streamrec.tools.bench;

/**
 * One configuration's figures: throughput on the backlog (events in, lists out, CPU of this JVM per 1k events;
 * the broker runs in its own process), the mean batch and how long a pending user waited for it (mean, max; NaN
 * without a model) and event→output latency at a fixed rate.
 */
public record ModeResult(BenchMode mode, long events, double seconds, long outputs, double cpuSecondsPer1k,
                         double meanBatch, double batchWaitMeanMs, double batchWaitMaxMs,
                         double p50Ms, double p95Ms, double p99Ms, long latencySamples) {

    public double eventsPerSecond() {
        return events / seconds;
    }

    public double outputsPerSecond() {
        return outputs / seconds;
    }
}
