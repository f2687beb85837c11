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
import io.streamrec.cli.Main;
import io.streamrec.tools.topics.TopicsApplier;
import io.streamrec.tools.topics.TopicsFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The packaged app against a broker listener that requires SASL/SCRAM-SHA-256, configured with settings only:
 * the right credentials serve recommendations, wrong ones stop the start with a clear error and a non-zero exit;
 * {@code streamrec demo --bootstrap} with the same settings produces its events and reads the recommendations there.
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

    /**
     * The demo's own clients (its topic setup, event producers and recommendation watcher) use the {@code kafka.*}
     * settings too, not only the app: every event and every list goes through the SCRAM listener.
     */
    @Test
    void shouldRunTheDemoAgainstAnAuthenticatedListener() throws Exception {
        List<String> args = new ArrayList<>(List.of("demo", "--bootstrap", kafka.saslBootstrapServers(),
                "--duration", "4s", "--rate", "50", "--users", "50", "--bad-every", "2", "--device", "cpu",
                "--model", TestModels.DEMO_MODEL.toString(), "--http-port", "-1",
                "--topics", TopicsFile.DEFAULT_PATH.toString(),
                "--set", "application.id=sasl-demo-" + UUID.randomUUID(),
                "--set", "state.dir=" + tmp.resolve("state-demo")));
        for (String setting : scram(PASSWORD)) {
            args.add("--set");
            args.add(setting);
        }
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setErr(new PrintWriter(err, true));
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        int exit;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            exit = cli.execute(args.toArray(String[]::new));
        } finally {
            System.setOut(stdout);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        System.out.print(out);
        String report = out + "\nstderr:\n" + err;
        assertEquals(0, exit, report);
        Matcher summary = Pattern.compile("summary: events=(\\d+) recommendations=(\\d+) dlq=(\\d+) .*produce_failed=(\\d+)")
                .matcher(out);
        assertTrue(summary.find(), report);
        assertTrue(Long.parseLong(summary.group(1)) > 0, "events produced through SASL: " + summary.group());
        assertTrue(Long.parseLong(summary.group(2)) > 0, "recommendations read through SASL: " + summary.group());
        assertEquals(0, Long.parseLong(summary.group(4)), "failed sends: " + summary.group());
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
