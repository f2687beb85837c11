package io.streamrec.tools.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;

/** Runs Kafka's storage formatter ({@code kafka-storage.sh format}) unless the log directory is formatted already. */
final class StorageFormatter {
    private StorageFormatter() {
    }

    /** @param scramUsers user name to password, created as SCRAM credentials in the new cluster's metadata */
    static void formatIfNeeded(Path configFile, Path logDir, Properties props, Map<String, String> scramUsers) {
        try {
            Files.createDirectories(configFile.getParent());
            try (OutputStream out = Files.newOutputStream(configFile)) {
                props.store(out, "written by EmbeddedKafka");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + configFile, e);
        }
        // Formatting again with a new cluster id would fail: --ignore-formatted still checks the id.
        if (Files.exists(logDir.resolve("meta.properties"))) return;
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of(
                "format", "--config", configFile.toString(), "--cluster-id", Uuid.randomUuid().toString()));
        scramUsers.forEach((user, password) -> {
            args.add("--add-scram");
            args.add(BrokerProperties.SCRAM_MECHANISM + "=[name=" + user + ",password=" + password + "]");
        });
        // execute, not main: main calls System.exit.
        int status;
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            status = StorageTool.execute(args.toArray(String[]::new), print);
        } catch (Exception e) {
            throw new IllegalStateException("formatting " + configFile.getParent() + " failed: " + output, e);
        }
        if (status != 0) {
            throw new IllegalStateException("formatting " + configFile.getParent() + " failed (" + status + "): "
                    + output.toString(StandardCharsets.UTF_8));
        }
    }
}
