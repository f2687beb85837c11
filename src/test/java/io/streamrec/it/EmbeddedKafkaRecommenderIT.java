package io.streamrec.it;

import io.streamrec.tools.broker.EmbeddedKafka;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end against a real KRaft broker started in this JVM from Maven Central jars. */
class EmbeddedKafkaRecommenderIT {

    @Test
    void shouldServeEveryUserAndSurviveARestartFromTheChangelog(@TempDir Path tmp) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(tmp.resolve("broker"))) {
            new EndToEndScenario(kafka.bootstrapServers(), tmp.resolve("state")).run();
        }
    }
}
