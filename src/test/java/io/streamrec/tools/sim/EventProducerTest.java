package io.streamrec.tools.sim;

import io.streamrec.kafka.KafkaClients;
import io.streamrec.kafka.Topics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.events.Event;
import io.streamrec.events.EventCodec;
import io.streamrec.events.EventType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventProducerTest {
    private final EventCodec codec = new EventCodec();
    private final MockProducer<String, byte[]> mock =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());

    @Test
    void shouldSendEachEventToItsTypeTopicKeyedByUserWithEventTime() {
        List<Event> events = new ShopperSimulator(SimulatorSettings.defaults()).generate(500);

        ProduceStats stats = new EventProducer(mock).produce(events.iterator(), ProducePlan.unlimited(0));

        assertEquals(500, stats.sent());
        assertEquals(0, stats.failed());
        List<ProducerRecord<String, byte[]>> sent = mock.history();
        for (int i = 0; i < events.size(); i++) {
            Event event = events.get(i);
            assertEquals(Topics.eventTopic(event.type()), sent.get(i).topic());
            assertEquals(event.user(), sent.get(i).key());
            assertEquals(event.ts(), sent.get(i).timestamp());
            assertEquals(event, codec.parse(sent.get(i).value()));
        }
        long clicks = events.stream().filter(e -> e.type() == EventType.CLICK).count();
        assertEquals(clicks, stats.sentPerTopic().get("events.click"));
    }

    @Test
    void shouldCountDeliveryErrorsAsFailed() {
        MockProducer<String, byte[]> failingEveryThird =
                new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer()) {
                    private int sends;

                    @Override
                    public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
                        if (++sends % 3 == 0) {
                            callback.onCompletion(null, new IllegalStateException("broker said no"));
                            return null;
                        }
                        return super.send(record, callback);
                    }
                };

        ProduceStats stats = new EventProducer(failingEveryThird)
                .produce(new ShopperSimulator(SimulatorSettings.defaults()), ProducePlan.count(0, 30));

        assertEquals(20, stats.sent());
        assertEquals(10, stats.failed());
        assertTrue(stats.firstError().contains("broker said no"), stats.firstError());
    }

    @Test
    void shouldPaceToTheTargetRate() {
        ProduceStats stats = new EventProducer(mock)
                .produce(new ShopperSimulator(SimulatorSettings.defaults()), ProducePlan.count(200, 60));

        assertEquals(60, stats.sent());
        // event n is due n/200 s after the start: the last one at 295 ms
        assertTrue(stats.elapsed().toMillis() >= 280, "too fast: " + stats.elapsed());
        assertTrue(stats.elapsed().toMillis() < 2_000, "too slow: " + stats.elapsed());
    }

    @Test
    void shouldStopAfterTheDuration() {
        ProduceStats stats = new EventProducer(mock)
                .produce(new ShopperSimulator(SimulatorSettings.defaults()), ProducePlan.duration(100, Duration.ofMillis(300)));

        // The pace bounds it from above whatever the machine does; how many fit before the deadline depends on how
        // much CPU this thread got (a loaded 2-core machine starves it), so below only "some" is certain.
        assertTrue(stats.sent() >= 1 && stats.sent() <= 31, "sent " + stats.sent());
        assertTrue(stats.elapsed().toMillis() < 5_000, "elapsed " + stats.elapsed());
    }

    @Test
    void shouldSkipAndCountInvalidFileLines(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("events.jsonl");
        Event event = Event.of("u1", "sku-1", EventType.CART, 1_735_689_600_000L);
        Files.writeString(file, new String(codec.write(event), StandardCharsets.UTF_8) + "\n\n{\"user\":\"u2\"}\nnot json\n"
                + new String(codec.write(event), StandardCharsets.UTF_8) + "\n");

        ProduceStats stats = new EventProducer(mock).produce(file, ProducePlan.unlimited(0));

        assertEquals(2, stats.sent());
        assertEquals(2, stats.skipped());
        assertNotNull(stats.firstError());
        assertTrue(stats.firstError().contains("line 3"), stats.firstError());
    }

    @Test
    void shouldRefuseSettingsThatBreakIdempotentDelivery() {
        assertThrows(IllegalArgumentException.class,
                () -> EventProducer.config(new KafkaClients("x:9092", Map.of("acks", "1")), Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> EventProducer.config(new KafkaClients("x:9092", Map.of("producer.enable.idempotence", "false")),
                        Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> EventProducer.config(new KafkaClients("x:9092", Map.of()), Map.of("acks", "1")));
        Map<String, Object> config = EventProducer.config(new KafkaClients("x:9092",
                Map.of("acks", "all", "linger.ms", "20", "security.protocol", "SASL_SSL")), Map.of());
        assertEquals("x:9092", config.get("bootstrap.servers"));
        assertEquals("all", config.get("acks"));
        assertEquals("true", config.get("enable.idempotence"));
        assertEquals("20", config.get("linger.ms"));
        assertEquals("SASL_SSL", config.get("security.protocol"));
        assertEquals("streamrec-producer", config.get("client.id"));
        assertEquals("15000", config.get("max.block.ms"));
    }

    @Test
    void shouldLetTheCallersSettingsWinOverKafkaSettingsAndKafkaSettingsOverItsDefaults() {
        Map<String, Object> config = EventProducer.config(new KafkaClients("x:9092",
                Map.of("linger.ms", "20", "client.id", "loader", "producer.max.block.ms", "2000")),
                Map.of("linger.ms", 0));
        assertEquals(0, config.get("linger.ms"));
        assertEquals("loader", config.get("client.id"));
        assertEquals("2000", config.get("max.block.ms"));
    }
}
