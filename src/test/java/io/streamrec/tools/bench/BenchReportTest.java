package io.streamrec.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamrec.tools.bench.ScorerBenchmark;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchReportTest {

    @Test
    void shouldComputeTheRatiosAndNameTheJsonFieldsAsTheIssueAsks() throws Exception {
        BenchReport report = new BenchReport(List.of(
                new ModeResult(BenchMode.CLIENT_LOOP, 10_000, 1.0, 10_000, 0.05, Double.NaN, 1.0, 5.0, 5, 8, 9, 100),
                new ModeResult(BenchMode.PASSTHROUGH, 10_000, 2.0, 9_000, 0.3, Double.NaN, 1.0, 5.0, 20, 30, 40, 100),
                new ModeResult(BenchMode.SCORED_UNBATCHED, 10_000, 10.0, 9_000, 1.0, 1.0, 1.0, 5.0, 30, 40, 50, 100),
                new ModeResult(BenchMode.SCORED, 10_000, 2.5, 8_000, 0.4, 16.0, 1.0, 5.0, 21, 33, 44, 100)),
                new ScorerBenchmark.Row(16, 2.0, 0.125, 8_000), null, 1000);

        JsonNode json = new ObjectMapper().readTree(report.json());

        assertEquals(10_000, json.get("client_loop_eps").asDouble());
        assertEquals(5_000, json.get("passthrough_eps").asDouble());
        assertEquals(1_000, json.get("scored_unbatched_eps").asDouble());
        assertEquals(4_000, json.get("scored_eps").asDouble());
        assertEquals(8_000, json.get("scorer_alone_sps").asDouble());
        assertEquals(0.5, json.get("scored_over_scorer_alone").asDouble());
        assertEquals(0.5, json.get("passthrough_over_client_loop").asDouble());
        assertEquals(4.0, json.get("scored_over_scored_unbatched").asDouble());
        assertEquals(21, json.get("p50_ms").asDouble());
        assertEquals(33, json.get("p95_ms").asDouble());
        assertEquals(44, json.get("p99_ms").asDouble());
        assertEquals(1000, json.get("rate").asDouble());
        assertTrue(report.table().contains("scored/scorer_alone=0.50"), report.table());
    }
}
