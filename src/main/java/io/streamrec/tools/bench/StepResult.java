package io.streamrec.tools.bench;

/**
 * One step of the ramp, over its measured window.
 *
 * @param targetEps        the rate the producer was asked for (open loop)
 * @param achievedEps      records that reached the input topics per second of the window
 * @param lagStart         the app group's lag (records) at the window's first sample
 * @param lagEnd           ... and at its last
 * @param lagGrowth        rise of the least-squares line through every lag sample of the window, in records
 * @param listsPerSecond   outputs that reached the read_committed probe per second of the window
 * @param p50Ms            event timestamp → output at the probe, over the outputs that arrived in the window
 * @param latencySamples   how many outputs those percentiles cover
 * @param appCpuCores      CPU seconds of the app's JVM per second of the window
 * @param brokerCpuCores   the same for the broker process (NaN when the bench did not start it)
 * @param benchCpuCores    the same for the bench's own JVM: producer, simulator, probe (and the broker when it
 *                         runs inside it)
 * @param machineCpuCores  the whole machine's busy CPU (NaN where unknown): what is left after the three above
 *                         is other work that shared the machine with the measurement
 */
public record StepResult(double targetEps, double achievedEps, long lagStart, long lagEnd, double lagGrowth,
                         double listsPerSecond, double p50Ms, double p95Ms, double p99Ms, long latencySamples,
                         double appCpuCores, double brokerCpuCores, double benchCpuCores,
                         double machineCpuCores) {

    /** Cores busy with anything but the app, the broker and the bench (NaN when a figure is unknown). */
    public double otherCpuCores() {
        return machineCpuCores - appCpuCores - (Double.isNaN(brokerCpuCores) ? 0 : brokerCpuCores) - benchCpuCores;
    }

    /** Microseconds of app CPU per input event. */
    public double appCpuMicrosPerEvent() {
        return achievedEps == 0 ? Double.NaN : appCpuCores / achievedEps * 1e6;
    }
}
