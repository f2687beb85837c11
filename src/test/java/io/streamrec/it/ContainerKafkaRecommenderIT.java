package io.streamrec.it;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same scenario against Kafka in a container. Runs where a Docker engine is available; elsewhere JUnit
 * reports it as skipped (this project's machines have no Docker engine; the embedded-broker IT covers it).
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerKafkaRecommenderIT {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.1");

    @Test
    void shouldServeEveryUserAndSurviveARestartFromTheChangelog(@TempDir Path tmp) throws Exception {
        new EndToEndScenario(KAFKA.getBootstrapServers(), tmp.resolve("state")).run();
    }
}
