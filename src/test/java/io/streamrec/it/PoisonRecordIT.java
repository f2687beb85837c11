package io.streamrec.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.streamrec.kafka.Topics;
import io.streamrec.tools.broker.EmbeddedKafka;
import io.streamrec.tools.chaos.AppProcess;
import io.streamrec.tools.topics.TopicsApplier;
import io.streamrec.tools.topics.TopicsFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The record that used to crash-loop an instance: a 5,000,000-byte value sent zstd-compressed by kcat passes the
 * broker's size check; the app must dead-letter it as a bounded record and keep serving.
 */
class PoisonRecordIT {

    @Test
    void shouldDeadLetterAFiveMegabyteCompressedRecordAndKeepServing(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/kcat")),
                "Debian's kcat is not installed (make test-setup installs it as root)");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(tmp.resolve("broker"))) {
            String bootstrap = kafka.bootstrapServers();
            TopicsApplier.applyFile(TopicsFile.DEFAULT_PATH, bootstrap, Map.of());
            try (AppProcess app = AppProcess.start(bootstrap, "poison-it-" + UUID.randomUUID(), tmp.resolve("state"),
                    tmp.resolve("app.log"), "http.auth.token=t")) {
                app.awaitReady(Duration.ofSeconds(120));
                Path line = tmp.resolve("poison.txt");
                String value = "{\"user\":\"u1\",\"item\":\"" + "x".repeat(5_000_000) + "\",\"type\":\"click\",\"ts\":"
                        + System.currentTimeMillis() + "}";
                Files.writeString(line, "u1|" + value + "\n");
                Process kcat = new ProcessBuilder("kcat", "-P", "-b", bootstrap, "-t",
                        Topics.eventTopic(io.streamrec.events.EventType.CLICK), "-K", "|", "-z", "zstd",
                        "-X", "message.max.bytes=8000000", "-l", line.toString())
                        .redirectErrorStream(true).redirectOutput(tmp.resolve("kcat.log").toFile()).start();
                assertTrue(kcat.waitFor(60, TimeUnit.SECONDS));
                assertEquals(0, kcat.exitValue(), Files.readString(tmp.resolve("kcat.log")));

                ConsumerRecord<byte[], byte[]> dead = firstDeadLetter(bootstrap);
                assertEquals("oversize", header(dead, Topics.DLQ_REASON_HEADER));
                assertEquals(64 * 1024, dead.value().length);
                assertTrue(header(dead, Topics.DLQ_TRUNCATED_HEADER).startsWith("value " + value.length()),
                        header(dead, Topics.DLQ_TRUNCATED_HEADER));

                Thread.sleep(2_000);
                assertTrue(app.isAlive(), "the instance is still running");
                assertEquals(200, app.get("/health/live", null).statusCode());
                assertEquals(200, app.get("/health/ready", null).statusCode());
                assertTrue(!app.log().contains("PENDING_ERROR"), "Kafka Streams never went to PENDING_ERROR");
            }
        }
    }

    private static ConsumerRecord<byte[], byte[]> firstDeadLetter(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "poison-it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("streamrec.dlq"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    return record;
                }
            }
        }
        throw new AssertionError("no dead-letter record within 60 s");
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
