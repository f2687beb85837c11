package io.streamrec.deploy;

import static io.streamrec.deploy.Manifests.YAML;
import static io.streamrec.deploy.Manifests.deepCopy;
import static io.streamrec.deploy.Manifests.map;
import static io.streamrec.deploy.Manifests.maps;
import static io.streamrec.deploy.Manifests.name;
import static io.streamrec.deploy.Manifests.parseDocuments;
import static io.streamrec.deploy.Manifests.path;
import static io.streamrec.deploy.Manifests.readString;
import static io.streamrec.deploy.Manifests.readYaml;
import static io.streamrec.deploy.Manifests.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A small built-in kustomize, so that {@code k8s/} renders without a binary: resources (files and directories),
 * components, namespace, configMapGenerator (envs, literals; behavior create/merge/replace; no name hash), images,
 * patches (strategic merge by kind/name, JSON 6902 with a target). Anything else fails, so it cannot silently
 * render differently; {@code KubernetesManifestsTest#builtInRenderingMatchesKustomize} compares it with the real one.
 */
final class Kustomize {
    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "resources", "components", "namespace",
            "configMapGenerator", "images", "patches");

    private Kustomize() {
    }

    static List<Map<String, Object>> build(Path dir) {
        Map<String, Object> k = readYaml(dir.resolve("kustomization.yaml"));
        assertEquals("Kustomization", k.getOrDefault("kind", "Kustomization"), dir + " is not a Kustomization");
        List<Map<String, Object>> objects = new ArrayList<>();
        apply(dir, k, objects);
        return objects;
    }

    private static void apply(Path dir, Map<String, Object> k, List<Map<String, Object>> objects) {
        for (String key : k.keySet()) {
            assertTrue(SUPPORTED.contains(key), dir + "/kustomization.yaml uses '" + key
                    + "', which the built-in kustomize (Kustomize.java) does not implement; extend it");
        }
        for (String res : strings(k.get("resources"))) {
            Path p = dir.resolve(res).normalize();
            if (Files.isDirectory(p)) {
                objects.addAll(build(p));
            } else {
                objects.addAll(parseDocuments(readString(p), p.toString()));
            }
        }
        for (String comp : strings(k.get("components"))) {
            Path p = dir.resolve(comp).normalize();
            Map<String, Object> ck = readYaml(p.resolve("kustomization.yaml"));
            assertEquals("Component", ck.get("kind"), p + " is not a Component");
            apply(p, ck, objects);
        }
        for (Map<String, Object> gen : maps(k.get("configMapGenerator"))) {
            generateConfigMap(dir, gen, objects);
        }
        for (Map<String, Object> patch : maps(k.get("patches"))) {
            applyPatch(dir, patch, objects);
        }
        for (Map<String, Object> image : maps(k.get("images"))) {
            for (Map<String, Object> o : objects) {
                Map<String, Object> pod = map(path(o, "spec", "template", "spec"));
                for (String field : List.of("initContainers", "containers")) {
                    for (Map<String, Object> c : maps(pod.get(field))) {
                        c.put("image", retag((String) c.get("image"), image));
                    }
                }
            }
        }
        if (k.get("namespace") != null) {
            objects.forEach(o -> map(o.get("metadata")).put("namespace", k.get("namespace")));
        }
    }

    private static void generateConfigMap(Path dir, Map<String, Object> gen, List<Map<String, Object>> objects) {
        for (String key : gen.keySet()) {
            assertTrue(Set.of("name", "envs", "literals", "behavior").contains(key), "configMapGenerator field " + key);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        for (String env : strings(gen.get("envs"))) {
            for (String line : readString(dir.resolve(env)).split("\n")) {
                putKeyValue(data, line);
            }
        }
        strings(gen.get("literals")).forEach(line -> putKeyValue(data, line));
        String name = (String) gen.get("name");
        String behavior = (String) gen.getOrDefault("behavior", "create");
        Optional<Map<String, Object>> existing = objects.stream()
                .filter(o -> "ConfigMap".equals(o.get("kind")) && name.equals(name(o))).findFirst();
        switch (behavior) {
            case "create" -> {
                assertFalse(existing.isPresent(), "ConfigMap " + name + " generated twice");
                Map<String, Object> cm = new LinkedHashMap<>();
                cm.put("apiVersion", "v1");
                cm.put("kind", "ConfigMap");
                cm.put("metadata", new LinkedHashMap<>(Map.of("name", name)));
                cm.put("data", data);
                objects.add(cm);
            }
            case "merge" -> map(existing.orElseThrow(() -> new AssertionError("merge into missing ConfigMap " + name))
                    .get("data")).putAll(data);
            case "replace" -> existing.orElseThrow(() -> new AssertionError("replace of missing ConfigMap " + name))
                    .put("data", data);
            default -> fail("configMapGenerator behavior " + behavior);
        }
    }

    private static void putKeyValue(Map<String, Object> data, String line) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return;
        }
        int eq = trimmed.indexOf('=');
        assertTrue(eq > 0, "not KEY=VALUE: " + line);
        data.put(trimmed.substring(0, eq).strip(), trimmed.substring(eq + 1));
    }

    @SuppressWarnings("unchecked")
    private static void applyPatch(Path dir, Map<String, Object> patch, List<Map<String, Object>> objects) {
        for (String key : patch.keySet()) {
            assertTrue(Set.of("path", "patch", "target").contains(key), "patches field " + key);
        }
        String text = patch.get("path") != null ? readString(dir.resolve((String) patch.get("path"))) : (String) patch.get("patch");
        Object parsed;
        try {
            parsed = YAML.readValue(text, Object.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> target = map(patch.get("target"));
        if (parsed instanceof List<?> ops) {
            assertFalse(target.isEmpty(), "a JSON 6902 patch needs a target");
            List<Map<String, Object>> matched = objects.stream().filter(o -> matches(o, target)).toList();
            assertFalse(matched.isEmpty(), "patch target matches nothing: " + target);
            for (Map<String, Object> o : matched) {
                for (Object op : ops) {
                    jsonPatch(o, (Map<String, Object>) op);
                }
            }
        } else {
            Map<String, Object> smp = (Map<String, Object>) parsed;
            Map<String, Object> t = target.isEmpty()
                    ? Map.of("kind", smp.get("kind"), "name", path(smp, "metadata", "name")) : target;
            List<Map<String, Object>> matched = objects.stream().filter(o -> matches(o, t)).toList();
            assertFalse(matched.isEmpty(), "patch target matches nothing: " + t);
            for (Map<String, Object> o : matched) {
                Map<String, Object> body = new LinkedHashMap<>(smp);
                body.remove("apiVersion");
                body.remove("kind");
                Map<String, Object> md = new LinkedHashMap<>(map(body.get("metadata")));
                md.remove("name");
                if (md.isEmpty()) {
                    body.remove("metadata");
                } else {
                    body.put("metadata", md);
                }
                strategicMerge(o, body);
            }
        }
    }

    private static boolean matches(Map<String, Object> o, Map<String, Object> target) {
        for (String key : target.keySet()) {
            assertTrue(Set.of("group", "version", "kind", "name").contains(key), "patch target field " + key);
        }
        return (target.get("kind") == null || target.get("kind").equals(o.get("kind")))
                && (target.get("name") == null || target.get("name").equals(name(o)));
    }

    @SuppressWarnings("unchecked")
    private static void strategicMerge(Map<String, Object> into, Map<String, Object> patch) {
        patch.forEach((key, value) -> {
            assertFalse(key.startsWith("$"), "strategic-merge directive " + key + " is not supported");
            Object current = into.get(key);
            if (value == null) {
                into.remove(key);
            } else if (current instanceof Map<?, ?> cm && value instanceof Map<?, ?> vm) {
                strategicMerge((Map<String, Object>) cm, (Map<String, Object>) vm);
            } else if (current instanceof List<?> cl && value instanceof List<?> vl && mergeKey(key, vl) != null) {
                String mk = mergeKey(key, vl);
                List<Object> merged = new ArrayList<>(cl);
                for (Object item : vl) {
                    Map<String, Object> patchItem = (Map<String, Object>) item;
                    Optional<Object> same = merged.stream()
                            .filter(e -> Objects.equals(((Map<?, ?>) e).get(mk), patchItem.get(mk))).findFirst();
                    if (same.isPresent()) {
                        strategicMerge((Map<String, Object>) same.get(), patchItem);
                    } else {
                        merged.add(deepCopy(patchItem));
                    }
                }
                into.put(key, merged);
            } else {
                into.put(key, deepCopy(value));
            }
        });
    }

    /** The patchMergeKey of the list fields k8s/ patches; other lists are replaced, as Kubernetes does. */
    private static String mergeKey(String field, List<?> items) {
        if (items.isEmpty() || !(items.get(0) instanceof Map<?, ?> first)) {
            return null;
        }
        return switch (field) {
            case "containers", "initContainers", "env", "volumes", "volumeClaimTemplates" -> "name";
            case "volumeMounts" -> "mountPath";
            case "ports" -> first.containsKey("containerPort") ? "containerPort" : "port";
            default -> null;
        };
    }

    @SuppressWarnings("unchecked")
    private static void jsonPatch(Map<String, Object> o, Map<String, Object> op) {
        String[] parts = ((String) op.get("path")).substring(1).split("/");
        Object parent = o;
        for (int i = 0; i < parts.length - 1; i++) {
            String part = parts[i].replace("~1", "/").replace("~0", "~");
            parent = parent instanceof List<?> l ? l.get(Integer.parseInt(part)) : ((Map<String, Object>) parent).get(part);
            assertNotNull(parent, "JSON patch path " + op.get("path") + " does not exist");
        }
        String last = parts[parts.length - 1].replace("~1", "/").replace("~0", "~");
        String kind = (String) op.get("op");
        if (parent instanceof List<?> list) {
            List<Object> l = (List<Object>) list;
            switch (kind) {
                case "add" -> {
                    if (last.equals("-")) {
                        l.add(deepCopy(op.get("value")));
                    } else {
                        l.add(Integer.parseInt(last), deepCopy(op.get("value")));
                    }
                }
                case "remove" -> l.remove(Integer.parseInt(last));
                case "replace" -> l.set(Integer.parseInt(last), deepCopy(op.get("value")));
                default -> fail("JSON patch op " + kind);
            }
        } else {
            Map<String, Object> m = (Map<String, Object>) parent;
            switch (kind) {
                case "add" -> m.put(last, deepCopy(op.get("value")));
                case "remove" -> assertNotNull(m.remove(last), "JSON patch remove of missing " + op.get("path"));
                case "replace" -> {
                    assertTrue(m.containsKey(last), "JSON patch replace of missing " + op.get("path"));
                    m.put(last, deepCopy(op.get("value")));
                }
                default -> fail("JSON patch op " + kind);
            }
        }
    }

    private static String retag(String image, Map<String, Object> rule) {
        String ref = image;
        String digest = null;
        if (ref.contains("@")) {
            digest = ref.substring(ref.indexOf('@') + 1);
            ref = ref.substring(0, ref.indexOf('@'));
        }
        String tag = null;
        int colon = ref.lastIndexOf(':');
        if (colon > ref.lastIndexOf('/')) {
            tag = ref.substring(colon + 1);
            ref = ref.substring(0, colon);
        }
        if (!ref.equals(rule.get("name"))) {
            return image;
        }
        String name = (String) rule.getOrDefault("newName", ref);
        if (rule.get("digest") != null) {
            return name + "@" + rule.get("digest");
        }
        if (rule.get("newTag") != null) {
            return name + ":" + rule.get("newTag");
        }
        return name + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }
}
