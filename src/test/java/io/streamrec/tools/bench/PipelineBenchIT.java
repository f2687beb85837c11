package io.streamrec.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.TestModels;
import io.streamrec.tools.broker.EmbeddedKafka;
import io.streamrec.config.ConfigLoader;
import io.streamrec.scoring.ModelHolder;
import io.streamrec.tools.topics.TopicsApplier;
import io.streamrec.tools.topics.TopicsFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small bench against a real broker: every configuration consumes the whole backlog and reports figures. */
class PipelineBenchIT {

    @Test
    void shouldMeasureEveryConfigurationOnTheSameBacklog(@TempDir Path tmp) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(tmp.resolve("broker"));
             ModelHolder models = new ModelHolder(TestModels.demoModel())) {
            TopicsApplier.applyFile(TopicsFile.DEFAULT_PATH, kafka.bootstrapServers(), Map.of());
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            PipelineBench.Plan plan = new PipelineBench.Plan(2_000, 100, Duration.ofSeconds(2),
                    Arrays.asList(BenchMode.values()), 20);
            BenchReport report = new PipelineBench(plan, kafka.bootstrapServers(),
                    overrides -> ConfigLoader.load(null, Map.of(), overrides), models, tmp,
                    new PrintStream(log, true, StandardCharsets.UTF_8)).run();

            assertEquals(4, report.results().size());
            for (ModeResult result : report.results()) {
                assertTrue(result.eventsPerSecond() > 0, result.toString());
                assertTrue(result.outputs() > 0, result.mode() + " produced no output");
                assertTrue(result.latencySamples() > 0, result.mode() + " measured no latency");
            }
            ModeResult scored = report.results().get(3);
            assertTrue(scored.meanBatch() >= 1, "scored used the model: " + scored);
            assertTrue(report.results().get(1).meanBatch() == 0, "passthrough never called the model");
            assertTrue(report.footprint().users() > 0 && report.footprint().bytesPerUser() > 0);
            assertTrue(report.json().contains("\"scored_over_scored_unbatched\""), report.json());
        }
    }
}
