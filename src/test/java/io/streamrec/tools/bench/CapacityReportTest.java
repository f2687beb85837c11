package io.streamrec.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CapacityReportTest {

    private static StepResult step(double rate, double lagRise, double p99) {
        return new StepResult(rate, rate, 10, 10 + (long) lagRise, lagRise, rate, p99 / 3, p99 / 2, p99, 500, 0.8,
                0.4, 0.2, 1.6);
    }

    private static PipelineBench.Plan plan(List<BenchMode> modes) {
        return new PipelineBench.Plan(List.of(2000, 4000, 8000), Duration.ofSeconds(10), Duration.ofSeconds(30), modes,
                1_000_000, 0.8, Duration.ofSeconds(10), CapacityRule.defaults());
    }

    @Test
    void shouldReportEachConfigurationsCapacityAndItsRatioToTheMinimalApp() throws Exception {
        CapacityReport report = new CapacityReport(plan(List.of(BenchMode.MINIMAL, BenchMode.PASSTHROUGH, BenchMode.SCORED)),
                Map.of(BenchMode.MINIMAL, List.of(step(2000, 0, 20), step(4000, 0, 30), step(8000, 0, 45)),
                        BenchMode.PASSTHROUGH, List.of(step(2000, 0, 25), step(4000, 0, 40), step(8000, 90_000, 900)),
                        BenchMode.SCORED, List.of(step(2000, 0, 30), step(4000, 0, 60), step(8000, 90_000, 900))));

        JsonNode json = new ObjectMapper().readTree(report.json());

        assertEquals(8000, json.get("max_sustained_eps").get("minimal").asDouble());
        assertEquals(4000, json.get("max_sustained_eps").get("passthrough").asDouble());
        assertEquals(2000, json.get("max_sustained_eps").get("scored").asDouble());
        assertEquals(4000, json.get("max_keeping_up_eps").get("scored").asDouble());
        assertEquals(0.5, json.get("ratios").get("passthrough_over_minimal").asDouble());
        assertEquals(0.25, json.get("ratios").get("scored_over_minimal").asDouble());
        JsonNode last = json.get("steps").get("scored").get(2);
        assertEquals("fail", last.get("verdict").asText());
        assertEquals(90_000, last.get("lag_rise").asDouble());
        assertEquals(400, json.get("steps").get("minimal").get(0).get("app_cpu_us_per_event").asDouble(), 1e-9);
        assertEquals(0.2, json.get("steps").get("minimal").get(0).get("other_cpu_cores").asDouble(), 1e-9);
        assertTrue(report.table().contains("passthrough/minimal=0.50"), report.table());
    }

    @Test
    void shouldWriteNullRatherThanNaNWhenTheMinimalAppSustainedNothing() throws Exception {
        CapacityReport report = new CapacityReport(plan(List.of(BenchMode.MINIMAL, BenchMode.SCORED)),
                Map.of(BenchMode.MINIMAL, List.of(step(2000, 0, 80)), BenchMode.SCORED, List.of(step(2000, 0, 90))));

        JsonNode json = new ObjectMapper().readTree(report.json());

        assertTrue(json.get("ratios").get("scored_over_minimal").isNull());
        assertEquals(1.0, json.get("ratios").get("keeping_up_scored_over_minimal").asDouble());
        assertTrue(json.get("ratios").get("passthrough_over_minimal").isNull(), "passthrough did not run");
    }
}
