package io.streamrec.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CapacityRuleTest {
    private final CapacityRule rule = CapacityRule.defaults();

    /** A step at {@code rate} that reached it, with the given lag rise and p99. */
    private static StepResult step(double rate, double lagRise, double p99) {
        return new StepResult(rate, rate, 100, 100 + (long) lagRise, lagRise, rate / 2, p99 / 2, p99 * 0.9, p99, 1000,
                0.5, Double.NaN, 0.2, Double.NaN);
    }

    @Test
    void shouldSustainAStepWithinTheLatencyLimitWhoseLagRoseByLessThanOneSecondOfInput() {
        StepResult flat = step(4000, 3999, 50);

        assertTrue(rule.sustained(flat));
        assertEquals("ok", rule.verdict(flat));
    }

    @Test
    void shouldCallLagGrowingOnceItRoseByMoreThanOneSecondOfTheStepsInput() {
        StepResult rising = step(4000, 4001, 20);

        assertFalse(rule.lagFlat(rising));
        assertFalse(rule.sustained(rising));
        assertEquals("lag", rule.verdict(rising));
        assertFalse(rule.clearlyFails(rising), "latency still met: not yet a clear failure");
    }

    @Test
    void shouldKeepUpButNotSustainWhenOnlyTheLatencyIsOverTheLimit() {
        StepResult slow = step(4000, 0, 51);

        assertTrue(rule.keepsUp(slow));
        assertFalse(rule.sustained(slow));
        assertEquals("p99", rule.verdict(slow));
        assertFalse(rule.clearlyFails(slow));
    }

    @Test
    void shouldFailClearlyWhenLatencyAndLagBothFail() {
        StepResult failed = step(4000, 40_000, 900);

        assertTrue(rule.clearlyFails(failed));
        assertEquals("fail", rule.verdict(failed));
    }

    @Test
    void shouldNotCountAStepWhoseRateTheProducerDidNotReach() {
        StepResult shortStep = new StepResult(4000, 3700, 0, 0, 0, 3700, 10, 20, 30, 1000, 0.5, Double.NaN, 0.9, Double.NaN);

        assertFalse(rule.sustained(shortStep));
        assertFalse(rule.keepsUp(shortStep));
        assertTrue(rule.clearlyFails(shortStep));
        assertEquals("short", rule.verdict(shortStep));
    }

    @Test
    void shouldNotSustainAStepWithoutAnyOutput() {
        StepResult silent = new StepResult(4000, 4000, 0, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN, 0, 0.5,
                Double.NaN, 0.2, Double.NaN);

        assertFalse(rule.sustained(silent));
    }

    @Test
    void shouldTakeTheHighestSustainedStepAsTheCapacity() {
        List<StepResult> steps = List.of(step(2000, 0, 30), step(4000, 0, 40), step(8000, 0, 70),
                step(16000, 50_000, 900));

        assertEquals(4000, rule.maxSustained(steps));
        assertEquals(8000, rule.maxKeepingUp(steps));
        assertEquals(0, rule.maxSustained(List.of(step(2000, 0, 60))));
    }

    @Test
    void shouldStopAtTheFirstClearFailureOrAfterConfirmingIt() {
        List<StepResult> once = List.of(step(2000, 0, 30), step(4000, 50_000, 900));
        List<StepResult> recovering = List.of(step(2000, 0, 30), step(4000, 50_000, 900), step(8000, 0, 40));

        assertTrue(rule.stop(once));
        assertFalse(rule.stop(List.of(step(2000, 0, 30), step(4000, 0, 80))), "p99 alone does not stop the ramp");
        CapacityRule confirming = rule.withFailuresToStop(2);
        assertFalse(confirming.stop(once));
        assertTrue(confirming.stop(List.of(step(2000, 0, 30), step(4000, 50_000, 900), step(8000, 90_000, 2000))));
        assertFalse(confirming.stop(recovering));
    }
}
