package io.streamrec.security;

import io.streamrec.kafka.Topics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamrec.tools.broker.EmbeddedKafka;
import io.streamrec.tools.chaos.AppProcess;
import io.streamrec.events.Event;
import io.streamrec.events.EventCodec;
import io.streamrec.events.EventType;
import io.streamrec.scoring.ModelHolder;
import io.streamrec.TestModels;
import io.streamrec.tools.topics.TopicsApplier;
import io.streamrec.tools.topics.TopicsFile;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged app against a broker listener that requires SASL/SCRAM-SHA-256, configured with settings only:
 * the right credentials serve recommendations, wrong ones stop the start with a clear error and a non-zero exit.
 */
class SaslScramIT {
    private static final String USER = "streamrec";
    private static final String PASSWORD = "app-s3cret";

    @TempDir
    static Path tmp;
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = EmbeddedKafka.start(tmp.resolve("broker"), 0, Map.of(), Map.of(USER, PASSWORD));
        TopicsApplier.applyFile(TopicsFile.DEFAULT_PATH, kafka.bootstrapServers(), Map.of());
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void shouldServeRecommendationsOverAnAuthenticatedListener() throws Exception {
        try (AppProcess app = AppProcess.start(kafka.saslBootstrapServers(), "sasl-it-" + UUID.randomUUID(),
                tmp.resolve("state-ok"), tmp.resolve("ok.log"), scram(PASSWORD));
             ModelHolder models = new ModelHolder(TestModels.demoModel())) {
            app.awaitReady(Duration.ofSeconds(120));
            String item = models.current().vocabulary().item(1);
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                    new StringSerializer(), new ByteArraySerializer())) {
                Event event = Event.of("sasl-user", item, EventType.CLICK, System.currentTimeMillis());
                producer.send(new ProducerRecord<>(Topics.eventTopic(EventType.CLICK), "sasl-user", new EventCodec().write(event))).get();
            }
            HttpResponse<byte[]> response = awaitList(app, "sasl-user", Duration.ofSeconds(60));
            assertEquals(200, response.statusCode(), app.log());
            assertEquals("sasl-user", new ObjectMapper().readTree(response.body()).get("user").asText());
        }
    }

    @Test
    void shouldRefuseToStartWithWrongCredentials() throws Exception {
        try (AppProcess app = AppProcess.start(kafka.saslBootstrapServers(), "sasl-it-" + UUID.randomUUID(),
                tmp.resolve("state-bad"), tmp.resolve("bad.log"), scram("not-the-password"))) {
            int status = app.awaitExit(Duration.ofSeconds(90));
            String log = app.log();
            assertEquals(2, status, "exit status; log:\n" + log);
            assertTrue(log.contains("refused this app") && log.contains("Authentication failed"), log);
        }
    }

    private static String[] scram(String password) {
        return new String[] {
            "kafka.security.protocol=SASL_PLAINTEXT",
            "kafka.sasl.mechanism=SCRAM-SHA-256",
            "kafka.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                    + USER + "\" password=\"" + password + "\";"};
    }

    private static HttpResponse<byte[]> awaitList(AppProcess app, String user, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpResponse<byte[]> response = app.get("/recommendations/" + user, null);
        while (response.statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(250);
            response = app.get("/recommendations/" + user, null);
        }
        return response;
    }
}
