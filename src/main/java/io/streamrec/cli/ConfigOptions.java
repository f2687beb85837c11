package io.streamrec.cli;

import io.streamrec.config.ConfigLoader;
import io.streamrec.config.StreamrecConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by commands that run the app: a config file plus {@code --set key=value} overrides. */
public final class ConfigOptions {
    @Option(names = "--config", description = "Properties file (default: none; see streams-app/config/streamrec.properties)")
    Path file;

    @Option(names = "--bootstrap", description = "Kafka bootstrap servers (overrides bootstrap.servers)")
    String bootstrap;

    @Option(names = "--model", description = "Model directory (overrides model.dir)")
    Path modelDir;

    @Option(names = "--device", description = "cpu, cuda or auto (overrides device)")
    String device;

    @Option(names = "--http-port", description = "HTTP API port; 0 picks a free one, -1 turns it off (overrides http.port)")
    Integer httpPort;

    @Option(names = "--set", description = "Override any setting, e.g. --set batch.max.size=64", paramLabel = "KEY=VALUE")
    Map<String, String> settings = new LinkedHashMap<>();

    public StreamrecConfig load() {
        Map<String, String> overrides = new LinkedHashMap<>(settings);
        if (bootstrap != null) overrides.put("bootstrap.servers", bootstrap);
        if (modelDir != null) overrides.put("model.dir", modelDir.toString());
        if (device != null) overrides.put("device", device);
        if (httpPort != null) overrides.put("http.port", httpPort.toString());
        return ConfigLoader.load(file, overrides);
    }
}
