package io.streamrec.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Reading the YAML of {@code k8s/} and walking Kubernetes objects as the maps Jackson gives. */
final class Manifests {
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path K8S = ROOT.resolve("k8s");
    static final YAMLMapper YAML = new YAMLMapper();
    /** A Kubernetes {@code $(VAR)} reference. */
    static final Pattern VAR_REF = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private Manifests() {
    }

    static List<Map<String, Object>> parseDocuments(String text, String origin) {
        List<Map<String, Object>> out = new ArrayList<>();
        try (var it = YAML.readerFor(new TypeReference<Map<String, Object>>() {}).<Map<String, Object>>readValues(text)) {
            while (it.hasNext()) {
                Map<String, Object> doc = it.next();
                if (doc != null && !doc.isEmpty()) {
                    assertNotNull(doc.get("kind"), origin + ": a document without kind");
                    out.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(origin, e);
        }
        return out;
    }

    static Map<String, Object> readYaml(Path file) {
        List<Map<String, Object>> docs = new ArrayList<>();
        try (var it = YAML.readerFor(new TypeReference<Map<String, Object>>() {}).<Map<String, Object>>readValues(file.toFile())) {
            while (it.hasNext()) {
                docs.add(it.next());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
        assertEquals(1, docs.size(), file + ": one document expected");
        return docs.get(0);
    }

    static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String name(Map<String, Object> o) {
        return (String) path(o, "metadata", "name");
    }

    static Object path(Object root, String... keys) {
        Object current = root;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            current = m.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> ? (Map<String, Object>) value : new LinkedHashMap<>();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object value) {
        return value instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }

    static List<String> strings(Object value) {
        return value instanceof Collection<?> c ? c.stream().map(String::valueOf).toList() : List.of();
    }

    @SuppressWarnings("unchecked")
    static Object deepCopy(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) m).forEach((k, v) -> out.put(k, deepCopy(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            return l.stream().map(Manifests::deepCopy).collect(Collectors.toCollection(ArrayList::new));
        }
        return value;
    }

    static Map<String, Object> container(Map<String, Object> pod, String name) {
        return maps(pod.get("containers")).stream().filter(c -> name.equals(c.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no container " + name));
    }

    static Map<String, String> podLabels(Map<String, Object> workload) {
        Map<String, String> out = new TreeMap<>();
        map(path(workload, "spec", "template", "metadata", "labels")).forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }

    static Map<String, Object> labels(Map<String, Object> o) {
        return map(path(o, "metadata", "labels"));
    }

    static boolean selects(Map<String, Object> selector, Map<String, String> labels) {
        return !selector.isEmpty() && selector.entrySet().stream()
                .allMatch(e -> String.valueOf(e.getValue()).equals(labels.get(e.getKey())));
    }
}
