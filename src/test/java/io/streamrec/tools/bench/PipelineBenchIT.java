package io.streamrec.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamrec.TestModels;
import io.streamrec.kafka.KafkaClients;
import io.streamrec.tools.broker.EmbeddedKafka;
import io.streamrec.tools.chaos.AppProcess;
import io.streamrec.tools.topics.TopicsApplier;
import io.streamrec.tools.topics.TopicsFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny ramp against a real broker, each configuration in its own JVM from the packaged jar: every step is
 * measured and reported. No figure is held to a speed: this machine's speed is not what the test is about.
 */
class PipelineBenchIT {
    private static final List<String> MODES = List.of("minimal", "passthrough", "scored");

    @Test
    void shouldRampEveryConfigurationAndReportEachStep(@TempDir Path tmp) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(tmp.resolve("broker"))) {
            TopicsApplier.applyFile(TopicsFile.DEFAULT_PATH, kafka.bootstrapServers(), Map.of());
            // Never stop early, so that both steps of every configuration run whatever this machine manages.
            PipelineBench.Plan plan = new PipelineBench.Plan(List.of(100, 200), Duration.ofSeconds(2),
                    Duration.ofSeconds(3), MODES.stream().map(BenchMode::parse).toList(), 1_000, 0.8,
                    Duration.ofSeconds(1), CapacityRule.defaults().withFailuresToStop(Integer.MAX_VALUE));
            AppLauncher launcher = new AppLauncher(AppProcess.JAR, List.of("-Xmx384m"),
                    List.of("--model", TestModels.DEMO_MODEL.toString(), "--device", "cpu"));
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            CapacityReport report = new PipelineBench(plan, new KafkaClients(kafka.bootstrapServers(), Map.of()),
                    launcher, null, tmp, new PrintStream(log, true, StandardCharsets.UTF_8)).run();

            JsonNode json = new ObjectMapper().readTree(report.json());
            String context = log.toString(StandardCharsets.UTF_8) + "\n" + json;
            for (String mode : MODES) {
                double max = json.get("max_sustained_eps").get(mode).asDouble();
                assertTrue(Set.of(0.0, 100.0, 200.0).contains(max), mode + ": " + context);
                JsonNode steps = json.get("steps").get(mode);
                assertEquals(2, steps.size(), context);
                for (JsonNode step : steps) {
                    assertTrue(step.get("achieved_eps").asDouble() > 0, mode + " produced nothing: " + context);
                    assertTrue(step.get("lists_per_s").asDouble() > 0, mode + " wrote no output: " + context);
                    assertTrue(step.get("latency_samples").asLong() > 0, mode + " measured no latency: " + context);
                    assertTrue(step.get("p50_ms").asDouble() <= step.get("p99_ms").asDouble(), context);
                    assertTrue(step.get("lag_start").asLong() >= 0 && step.get("lag_end").asLong() >= 0, context);
                    assertTrue(step.get("app_cpu_cores").asDouble() > 0, mode + " used no CPU? " + context);
                    assertTrue(step.get("broker_cpu_cores").isNull(), "the broker runs inside the test JVM");
                    assertTrue(Set.of("ok", "p99", "lag", "fail", "short").contains(step.get("verdict").asText()));
                }
            }
            assertTrue(json.get("ratios").has("passthrough_over_minimal"), context);
            assertTrue(json.get("ratios").has("scored_over_minimal"), context);
            assertTrue(report.table().contains("max sustained"), report.table());
        }
    }
}
