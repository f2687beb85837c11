package io.streamrec.tools.bench;

import java.util.List;

/**
 * When a step counts as sustained, when the ramp stops, and what the capacity of a configuration is.
 *
 * <p>A step is <em>sustained</em> when the producer reached at least {@code minAchievedShare} of its rate, p99 is
 * at most {@code p99LimitMs}, and the lag did not grow: the rise of the least-squares line through the window's
 * lag samples is at most {@code lagAllowanceSeconds} of the step's input. It <em>keeps up</em> when the first and
 * last hold, whatever the latency. It <em>clearly fails</em> when it neither meets p99 nor keeps the lag flat, or
 * when the producer fell short (the machine is out of room for the load itself).
 */
public record CapacityRule(double p99LimitMs, double lagAllowanceSeconds, double minAchievedShare,
                           int failuresToStop) {

    /** The limits: p99 ≤ 50 ms, lag within 1 s of input, 95% of the rate reached; stop at one failure. */
    public static CapacityRule defaults() {
        return new CapacityRule(50, 1.0, 0.95, 1);
    }

    public CapacityRule withFailuresToStop(int failures) {
        return new CapacityRule(p99LimitMs, lagAllowanceSeconds, minAchievedShare, failures);
    }

    public boolean rateReached(StepResult step) {
        return step.achievedEps() >= minAchievedShare * step.targetEps();
    }

    public boolean lagFlat(StepResult step) {
        return step.lagGrowth() <= lagAllowanceSeconds * step.targetEps();
    }

    /** NaN (no output at all in the window) fails: nothing was shown to be fast. */
    public boolean latencyMet(StepResult step) {
        return step.p99Ms() <= p99LimitMs;
    }

    public boolean keepsUp(StepResult step) {
        return rateReached(step) && lagFlat(step);
    }

    public boolean sustained(StepResult step) {
        return keepsUp(step) && latencyMet(step);
    }

    public boolean clearlyFails(StepResult step) {
        return !rateReached(step) || (!lagFlat(step) && !latencyMet(step));
    }

    /** One word for the table and the JSON. */
    public String verdict(StepResult step) {
        if (!rateReached(step)) {
            return "short";
        }
        if (sustained(step)) {
            return "ok";
        }
        if (lagFlat(step)) {
            return "p99";
        }
        return latencyMet(step) ? "lag" : "fail";
    }

    /** Stop after {@code failuresToStop} clear failures in a row (more than one: the extra steps confirm). */
    public boolean stop(List<StepResult> steps) {
        int run = 0;
        for (int i = steps.size() - 1; i >= 0 && clearlyFails(steps.get(i)); i--) {
            run++;
        }
        return run >= failuresToStop;
    }

    /** The highest step rate that was sustained; 0 when none was. */
    public double maxSustained(List<StepResult> steps) {
        return steps.stream().filter(this::sustained).mapToDouble(StepResult::targetEps).max().orElse(0);
    }

    /** The highest step rate whose lag stayed flat, whatever its latency; 0 when none. */
    public double maxKeepingUp(List<StepResult> steps) {
        return steps.stream().filter(this::keepsUp).mapToDouble(StepResult::targetEps).max().orElse(0);
    }
}
