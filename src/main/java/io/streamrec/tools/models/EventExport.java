package io.streamrec.tools.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamrec.events.Event;
import io.streamrec.events.EventCodec;
import io.streamrec.events.InvalidEventException;
import io.streamrec.kafka.KafkaClients;
import io.streamrec.kafka.Topics;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The events of the three event topics since a point in time, as model-export's {@code events} JSON Lines
 * ({@code {"user","item","type","ts"}}): the training data of a retrain. Reads committed records from the first
 * offset at or after {@code since} to the end offsets found at the start; invalid records are skipped and counted
 * (the app dead-letters them).
 */
public final class EventExport {
    /** What was written. */
    public record Result(long written, long skipped) {
    }

    private EventExport() {
    }

    public static Result export(KafkaClients clients, long sinceMs, Path out) throws IOException {
        EventCodec codec = new EventCodec();
        ObjectMapper json = new ObjectMapper();
        long written = 0;
        long skipped = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = clients.consumer(Map.of(
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
             BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            List<TopicPartition> partitions = Topics.eventTopicNames().stream()
                    .flatMap(topic -> consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream())
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(p -> query.put(p, sinceMs));
            Map<TopicPartition, OffsetAndTimestamp> start = consumer.offsetsForTimes(query, Duration.ofSeconds(30));
            for (TopicPartition p : partitions) {
                OffsetAndTimestamp at = start.get(p);
                consumer.seek(p, at == null ? end.get(p) : at.offset());
            }
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
                        continue;
                    }
                    try {
                        Event event = codec.parse(record.value());
                        writer.write(json.writeValueAsString(Map.of("user", event.user(), "item", event.item(),
                                "type", event.type().wireName(), "ts", event.ts())));
                        writer.newLine();
                        written++;
                    } catch (InvalidEventException e) {
                        skipped++;
                    }
                }
            }
        }
        return new Result(written, skipped);
    }
}
