package io.streamrec.tools.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamrec.config.StreamrecConfig;
import io.streamrec.kafka.KafkaClients;
import io.streamrec.variants.AnnouncedModels;
import io.streamrec.variants.AnnouncementCodec;
import io.streamrec.variants.VariantAnnouncement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes announcements to {@code model-updates} ({@code model publish}, the demo's two variants, the chaos run's
 * swap) and makes model directories to announce.
 */
public final class ModelAnnouncer {
    private ModelAnnouncer() {
    }

    /** The announcement of a model directory: its absolute path, the version and sha256 of its model.json. */
    public static VariantAnnouncement forDirectory(String variant, Path dir, double share) throws IOException {
        Path absolute = dir.toAbsolutePath().normalize();
        byte[] manifest = Files.readAllBytes(absolute.resolve("model.json"));
        String version = new ObjectMapper().readTree(manifest).path("version").asText();
        return VariantAnnouncement.model(variant, version, absolute, AnnouncedModels.sha256(manifest), share);
    }

    /** Writes the announcement, or a tombstone for {@code variant} when it is null; returns the value written. */
    public static byte[] send(StreamrecConfig config, String variant, VariantAnnouncement announcement)
            throws ExecutionException, InterruptedException {
        byte[] value = announcement == null ? null : AnnouncementCodec.write(announcement);
        try (KafkaProducer<String, byte[]> producer = KafkaClients.of(config).producer(
                Map.of(ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(config.modelUpdatesTopic(), variant, value)).get();
        }
        return value;
    }

    /** A copy of a model directory under another version: only model.json changes (its files' hashes stay valid). */
    public static Path copyWithVersion(Path source, Path target, String version) throws IOException {
        Files.createDirectories(target);
        try (var files = Files.list(source)) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode manifest = (ObjectNode) json.readTree(target.resolve("model.json").toFile());
        manifest.put("version", version);
        json.writeValue(target.resolve("model.json").toFile(), manifest);
        return target;
    }
}
