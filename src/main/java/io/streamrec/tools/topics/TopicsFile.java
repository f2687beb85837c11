package io.streamrec.tools.topics;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the topic declarations ({@code topics/topics.yaml}): a {@code topics:} list of
 * {@code name}, {@code partitions}, {@code replication_factor} and an optional {@code config} map.
 * Unknown keys, duplicate names and invalid values are rejected with a message naming the topic.
 */
public final class TopicsFile {
    /** Where the declarations live, relative to the repository root. */
    public static final Path DEFAULT_PATH = Path.of("topics", "topics.yaml");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private record Document(List<TopicSpec> topics) {
    }

    private TopicsFile() {
    }

    /** The repository's declarations, found from {@code streamrec.home} (the launcher sets it). */
    public static Path repositoryFile() {
        return Path.of(System.getProperty("streamrec.home", ".")).resolve(DEFAULT_PATH);
    }

    public static List<TopicSpec> load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        }
    }

    /** Parses YAML text; {@code source} names it in error messages. */
    public static List<TopicSpec> parse(InputStream yaml, String source) throws IOException {
        Document document;
        try {
            document = YAML.readValue(yaml, Document.class);
        } catch (ValueInstantiationException e) {
            // a TopicSpec constructor check failed: its message is the useful part
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException(source + ": " + cause.getMessage(), e);
        }
        if (document == null || document.topics() == null || document.topics().isEmpty()) {
            throw new IllegalArgumentException(source + ": no topics declared");
        }
        Set<String> names = new HashSet<>();
        for (TopicSpec spec : document.topics()) {
            if (spec == null) throw new IllegalArgumentException(source + ": empty entry in topics list");
            if (!names.add(spec.name())) {
                throw new IllegalArgumentException(source + ": topic " + spec.name() + " declared twice");
            }
        }
        return List.copyOf(document.topics());
    }
}
