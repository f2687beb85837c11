package io.streamrec.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogReportTest {

    private static StepResult step(double rate, double lagRise, double p99) {
        return new StepResult(rate, rate, 10, 10 + (long) lagRise, lagRise, rate, p99 / 3, p99 / 2, p99, 500, 0.8,
                0.4, 0.2, 1.6);
    }

    private static CapacityReport capacity(StepResult... steps) {
        PipelineBench.Plan plan = new PipelineBench.Plan(List.of(500, 1000, 2000), Duration.ofSeconds(5),
                Duration.ofSeconds(10), List.of(BenchMode.SCORED), 1_000_000, 0.8, Duration.ofSeconds(10),
                CapacityRule.defaults(), "item-");
        return new CapacityReport(plan, Map.of(BenchMode.SCORED, List.of(steps)));
    }

    @Test
    void shouldReportMaxSustainedPerConfigurationAndCatalogWithTheRatioAndRecall() throws Exception {
        CatalogReport report = new CatalogReport();
        report.add(new CatalogReport.Entry("12k", "m/items-12k", 12_000, "exact",
                new RetrievalRecall.Result("ann", 300, 1.0, 100, 0.99, 0.2, 0.3, 32),
                capacity(step(500, 0, 20), step(1000, 0, 30), step(2000, 90_000, 900))));
        report.add(new CatalogReport.Entry("1m", "m/items-1m", 1_000_000, "fast path",
                new RetrievalRecall.Result("ann", 300, 0.995, 100, 0.98, 2.0, 1.0, 32),
                capacity(step(500, 0, 20), step(1000, 90_000, 900))));

        JsonNode json = new ObjectMapper().readTree(report.json());

        assertEquals(1000, json.get("max_sustained_eps").get("scored").get("12k").asDouble());
        assertEquals(500, json.get("max_sustained_eps").get("scored").get("1m").asDouble());
        assertEquals(0.5, json.get("catalog_ratios").get("scored").get("1m_over_12k").asDouble());
        assertEquals(0.995, json.get("recall_at_10").get("1m").asDouble());
        assertEquals(1_000_000, json.get("catalogs").get("1m").get("items").asInt());
        assertEquals(500, json.get("catalogs").get("1m").get("capacity").get("max_sustained_eps").get("scored")
                .asDouble());
        assertTrue(report.table().contains("1m"), report.table());
    }
}
