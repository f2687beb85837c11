package io.streamrec.tools.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Measures one ramp step while the producer runs it: waits out the warm-up, then over the window counts the input
 * that arrived, samples the app group's lag every {@link #LAG_EVERY}, collects the outputs the probe saw and the CPU
 * time each process used.
 */
final class StepMeter implements Callable<StepResult> {
    static final Duration LAG_EVERY = Duration.ofMillis(500);

    private final InputOffsets inputs;
    private final String group;
    private final OutputProbe probe;
    private final ProcessHandle app;
    private final ProcessHandle broker;
    private final Duration warmUp;
    private final Duration window;
    private final double rate;

    StepMeter(InputOffsets inputs, String group, OutputProbe probe, ProcessHandle app, ProcessHandle broker,
              Duration warmUp, Duration window, double rate) {
        this.inputs = inputs;
        this.group = group;
        this.probe = probe;
        this.app = app;
        this.broker = broker;
        this.warmUp = warmUp;
        this.window = window;
        this.rate = rate;
    }

    @Override
    public StepResult call() throws Exception {
        Thread.sleep(warmUp.toMillis());
        long inputStart = inputs.total();
        double[] cpuStart = cpuSeconds();
        OutputProbe.Window outputs = probe.open();
        long start = System.nanoTime();
        long end = start + window.toNanos();
        LagTrend lag = new LagTrend();
        while (true) {
            long now = System.nanoTime();
            lag.add((now - start) / 1e9, inputs.lag(group));
            if (now >= end) {
                break;
            }
            Thread.sleep(Math.max(1, Math.min(LAG_EVERY.toMillis(), (end - now) / 1_000_000)));
        }
        probe.close(outputs);
        double seconds = (System.nanoTime() - start) / 1e9;
        long input = inputs.total() - inputStart;
        double[] cpuEnd = cpuSeconds();
        var latency = outputs.latencies;
        return new StepResult(rate, input / seconds, lag.start(), lag.end(), lag.growth(),
                outputs.count / seconds, latency.percentile(0.5), latency.percentile(0.95), latency.percentile(0.99),
                latency.count(), (cpuEnd[0] - cpuStart[0]) / seconds, (cpuEnd[1] - cpuStart[1]) / seconds,
                (cpuEnd[2] - cpuStart[2]) / seconds, (cpuEnd[3] - cpuStart[3]) / seconds);
    }

    /** CPU seconds so far of the app, the broker (NaN when not ours), this JVM and the whole machine. */
    private double[] cpuSeconds() {
        return new double[] {cpuSeconds(app), broker == null ? Double.NaN : cpuSeconds(broker),
            ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime() / 1e9, MachineCpu.busySeconds()};
    }

    private static double cpuSeconds(ProcessHandle process) {
        return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }
}
