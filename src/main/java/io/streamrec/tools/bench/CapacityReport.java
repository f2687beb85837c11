package io.streamrec.tools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The bench's table, capacities and ratios, and the same as one JSON line. */
public record CapacityReport(PipelineBench.Plan plan, Map<BenchMode, List<StepResult>> steps) {

    public CapacityReport {
        steps = Map.copyOf(steps);
    }

    private CapacityRule rule() {
        return plan.rule();
    }

    public double maxSustained(BenchMode mode) {
        return rule().maxSustained(steps.getOrDefault(mode, List.of()));
    }

    public double maxKeepingUp(BenchMode mode) {
        return rule().maxKeepingUp(steps.getOrDefault(mode, List.of()));
    }

    /** {@code mode}'s max sustained rate over the minimal app's; NaN when either was not run or sustained nothing. */
    public double overMinimal(BenchMode mode) {
        return ratio(maxSustained(mode), maxSustained(BenchMode.MINIMAL), mode);
    }

    public double keepingUpOverMinimal(BenchMode mode) {
        return ratio(maxKeepingUp(mode), maxKeepingUp(BenchMode.MINIMAL), mode);
    }

    /** What the catalog, trending and co-purchases leave of the capacity without them. */
    private double catalogRatio(boolean keepingUp) {
        double with = keepingUp ? maxKeepingUp(BenchMode.SCORED) : maxSustained(BenchMode.SCORED);
        double without = keepingUp ? maxKeepingUp(BenchMode.SCORED_NO_CATALOG)
                : maxSustained(BenchMode.SCORED_NO_CATALOG);
        return without > 0 ? with / without : Double.NaN;
    }

    private double ratio(double value, double minimal, BenchMode mode) {
        return steps.containsKey(mode) && steps.containsKey(BenchMode.MINIMAL) && minimal > 0 ? value / minimal
                : Double.NaN;
    }

    public String table() {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "%-16s %7s %7s %9s %9s %9s %8s %7s %7s %7s %6s %7s %6s %6s %6s  %s%n", "configuration", "rate/s",
                "in/s", "lag_start", "lag_end", "lag_rise", "lists/s", "p50_ms", "p95_ms", "p99_ms", "app_cpu",
                "us/ev", "broker", "bench", "other", "verdict"));
        for (BenchMode mode : ordered()) {
            for (StepResult s : steps.get(mode)) {
                text.append(String.format(Locale.ROOT,
                        "%-16s %7.0f %7.0f %9d %9d %9.0f %8.0f %7.0f %7.0f %7.0f %6.2f %7.0f %6.2f %6.2f %6.2f  %s%n",
                        mode.label(), s.targetEps(), s.achievedEps(), s.lagStart(), s.lagEnd(), s.lagGrowth(),
                        s.listsPerSecond(), s.p50Ms(), s.p95Ms(), s.p99Ms(), s.appCpuCores(), s.appCpuMicrosPerEvent(),
                        s.brokerCpuCores(), s.benchCpuCores(), s.otherCpuCores(), rule().verdict(s)));
            }
        }
        text.append(String.format(Locale.ROOT, "%nmax sustained (p99 <= %.0f ms, lag rise <= %.0f s of input, "
                + ">= %.0f%% of the rate produced):%n", rule().p99LimitMs(), rule().lagAllowanceSeconds(),
                100 * rule().minAchievedShare()));
        for (BenchMode mode : ordered()) {
            text.append(String.format(Locale.ROOT, "  %-16s %,8.0f events/s   (keeping up, any p99: %,.0f)%n",
                    mode.label(), maxSustained(mode), maxKeepingUp(mode)));
        }
        text.append(String.format(Locale.ROOT, "ratios: passthrough/minimal=%.2f (target >= 0.8)  scored/minimal=%.2f"
                        + "   keeping up: passthrough/minimal=%.2f  scored/minimal=%.2f%n",
                overMinimal(BenchMode.PASSTHROUGH), overMinimal(BenchMode.SCORED),
                keepingUpOverMinimal(BenchMode.PASSTHROUGH), keepingUpOverMinimal(BenchMode.SCORED)));
        if (steps.containsKey(BenchMode.SCORED) && steps.containsKey(BenchMode.SCORED_NO_CATALOG)) {
            text.append(String.format(Locale.ROOT, "catalog cost: scored/scored-no-catalog max sustained=%.2f,"
                            + " keeping up=%.2f (target >= 0.9)%n", catalogRatio(false), catalogRatio(true)));
        }
        text.append("verdict: ok = sustained; p99 = kept up but p99 over the limit; lag = p99 met but the lag rose;"
                + " fail = neither; short = the producer reached < 95% of the rate\n");
        text.append("app_cpu, broker, bench: cores (CPU seconds per second) of the app's JVM, the broker and the"
                + " bench's own JVM; other: the rest of the machine's busy CPU (other work sharing it);"
                + " us/ev: app CPU microseconds per input event\n");
        return text.toString();
    }

    public String json() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode node = mapper.createObjectNode();
        ObjectNode sustained = node.putObject("max_sustained_eps");
        ObjectNode keepingUp = node.putObject("max_keeping_up_eps");
        for (BenchMode mode : ordered()) {
            sustained.put(mode.label(), maxSustained(mode));
            keepingUp.put(mode.label(), maxKeepingUp(mode));
        }
        ObjectNode ratios = node.putObject("ratios");
        putNumber(ratios, "passthrough_over_minimal", overMinimal(BenchMode.PASSTHROUGH));
        putNumber(ratios, "scored_over_minimal", overMinimal(BenchMode.SCORED));
        putNumber(ratios, "keeping_up_passthrough_over_minimal", keepingUpOverMinimal(BenchMode.PASSTHROUGH));
        putNumber(ratios, "keeping_up_scored_over_minimal", keepingUpOverMinimal(BenchMode.SCORED));
        if (steps.containsKey(BenchMode.SCORED) && steps.containsKey(BenchMode.SCORED_NO_CATALOG)) {
            putNumber(ratios, "scored_over_scored_no_catalog", catalogRatio(false));
            putNumber(ratios, "keeping_up_scored_over_scored_no_catalog", catalogRatio(true));
        }
        ObjectNode perMode = node.putObject("steps");
        for (BenchMode mode : ordered()) {
            ArrayNode array = perMode.putArray(mode.label());
            for (StepResult s : steps.get(mode)) {
                ObjectNode step = array.addObject();
                step.put("rate_eps", s.targetEps());
                putNumber(step, "achieved_eps", s.achievedEps());
                step.put("lag_start", s.lagStart());
                step.put("lag_end", s.lagEnd());
                putNumber(step, "lag_rise", s.lagGrowth());
                putNumber(step, "lists_per_s", s.listsPerSecond());
                putNumber(step, "p50_ms", s.p50Ms());
                putNumber(step, "p95_ms", s.p95Ms());
                putNumber(step, "p99_ms", s.p99Ms());
                step.put("latency_samples", s.latencySamples());
                putNumber(step, "app_cpu_cores", s.appCpuCores());
                putNumber(step, "app_cpu_us_per_event", s.appCpuMicrosPerEvent());
                putNumber(step, "broker_cpu_cores", s.brokerCpuCores());
                putNumber(step, "bench_cpu_cores", s.benchCpuCores());
                putNumber(step, "other_cpu_cores", s.otherCpuCores());
                step.put("verdict", rule().verdict(s));
            }
        }
        ObjectNode settings = node.putObject("settings");
        settings.put("p99_limit_ms", rule().p99LimitMs());
        settings.put("lag_allowance_s", rule().lagAllowanceSeconds());
        settings.put("warm_up_s", plan.warmUp().toMillis() / 1000.0);
        settings.put("window_s", plan.window().toMillis() / 1000.0);
        settings.put("users", plan.users());
        settings.put("user_skew", plan.userSkew());
        settings.put("think_time_s", plan.thinkTime().toMillis() / 1000.0);
        return node.toString();
    }

    private List<BenchMode> ordered() {
        return plan.modes().stream().filter(steps::containsKey).toList();
    }

    /** JSON has no NaN: an undefined figure is null. */
    private static void putNumber(ObjectNode node, String field, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            node.putNull(field);
        } else {
            node.put(field, Math.round(value * 1000) / 1000.0);
        }
    }
}
