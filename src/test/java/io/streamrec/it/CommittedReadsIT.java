package io.streamrec.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.TestModels;
import io.streamrec.events.Event;
import io.streamrec.events.EventCodec;
import io.streamrec.events.EventType;
import io.streamrec.kafka.Topics;
import io.streamrec.scoring.SessionModel;
import io.streamrec.tools.broker.EmbeddedKafka;
import io.streamrec.tools.chaos.AppProcess;
import io.streamrec.tools.topics.TopicsApplier;
import io.streamrec.tools.topics.TopicsFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under exactly-once, HTTP reads show committed state only: an event already applied in a transaction that is still
 * open (a long commit interval keeps it open) is not visible until the commit, so a read can never show state that
 * an aborted transaction then takes back.
 */
class CommittedReadsIT {
    private static final String TOKEN = "t";

    @Test
    void shouldServeOnlyCommittedStateOverHttp(@TempDir Path tmp) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(tmp.resolve("broker"))) {
            String bootstrap = kafka.bootstrapServers();
            TopicsApplier.applyFile(TopicsFile.DEFAULT_PATH, bootstrap, Map.of());
            try (AppProcess app = AppProcess.start(bootstrap, "committed-it-" + UUID.randomUUID(), tmp.resolve("state"),
                    tmp.resolve("app.log"), "http.auth.token=" + TOKEN, "commit.interval.ms=30000", "kafka.producer.transaction.timeout.ms=60000",
                    "stream.threads=1")) {
                app.awaitReady(Duration.ofSeconds(120));
                send(bootstrap);

                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (processed(app) < 1 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertEquals(1, processed(app), "the event was applied");
                assertEquals(404, app.get("/users/reader-1/session", TOKEN).statusCode(),
                        "applied, but its transaction is still open: not visible yet");
                assertEquals(404, app.get("/recommendations/reader-1", TOKEN).statusCode());

                deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
                int status = 404;
                while (status != 200 && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                    status = app.get("/users/reader-1/session", TOKEN).statusCode();
                }
                assertEquals(200, status, "visible once committed");
                assertEquals(200, app.get("/recommendations/reader-1", TOKEN).statusCode());
            }
        }
    }

    private static void send(String bootstrap) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (SessionModel model = TestModels.demoModel();
             KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            Event event = Event.of("reader-1", model.vocabulary().item(1), EventType.CLICK,
                    System.currentTimeMillis() - 1_000);
            producer.send(new ProducerRecord<>(Topics.eventTopic(EventType.CLICK), event.user(),
                    new EventCodec().write(event))).get();
        }
    }

    private static double processed(AppProcess app) throws Exception {
        String metrics = new String(app.get("/metrics", TOKEN).body(), StandardCharsets.UTF_8);
        return metrics.lines().filter(l -> l.startsWith("streamrec_events_processed_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
