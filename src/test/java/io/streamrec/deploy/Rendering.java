package io.streamrec.deploy;

import static io.streamrec.deploy.Manifests.K8S;
import static io.streamrec.deploy.Manifests.map;
import static io.streamrec.deploy.Manifests.maps;
import static io.streamrec.deploy.Manifests.name;
import static io.streamrec.deploy.Manifests.path;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamrec.config.ConfigLoader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One overlay of {@code k8s/} rendered by one renderer: the built-in {@link Kustomize} always, and the real kustomize
 * too when {@link KustomizeBinary} finds one. {@link #renderings()} is the parameter source of the invariant tests,
 * rendered once for all of them.
 */
record Rendering(String overlay, String renderer, List<Map<String, Object>> objects) {
    static final List<String> OVERLAYS = List.of("cpu", "gpu");

    private static List<Rendering> cached;

    @Override
    public String toString() {
        return overlay + " (" + renderer + ")";
    }

    List<Map<String, Object>> all(String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    Map<String, Object> single(String kind) {
        List<Map<String, Object>> found = all(kind);
        assertEquals(1, found.size(), this + ": expected one " + kind);
        return found.get(0);
    }

    Map<String, Object> one(String kind, String name) {
        return all(kind).stream().filter(o -> name.equals(name(o))).findFirst()
                .orElseThrow(() -> new AssertionError(this + ": no " + kind + " " + name));
    }

    List<Map<String, Object>> workloads() {
        return objects.stream().filter(o -> o.get("kind").equals("StatefulSet") || o.get("kind").equals("Job")).toList();
    }

    Map<String, Object> podSpec(Map<String, Object> workload) {
        return map(path(workload, "spec", "template", "spec"));
    }

    static synchronized Stream<Rendering> renderings() {
        if (cached == null) {
            List<Rendering> list = new ArrayList<>();
            for (String overlay : OVERLAYS) {
                list.add(new Rendering(overlay, "built-in", Kustomize.build(K8S.resolve("overlays").resolve(overlay))));
            }
            KustomizeBinary.command().ifPresent(cmd -> {
                for (String overlay : OVERLAYS) {
                    list.add(new Rendering(overlay, cmd.get(0), KustomizeBinary.build(cmd, K8S.resolve("overlays").resolve(overlay))));
                }
            });
            cached = List.copyOf(list);
        }
        return cached.stream();
    }

    /** The container's environment as Kubernetes builds it: envFrom ConfigMaps, then env (later wins). */
    Map<String, String> effectiveEnv(Map<String, Object> pod, Map<String, Object> c) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map<String, Object> from : maps(c.get("envFrom"))) {
            Map<String, Object> ref = map(from.get("configMapRef"));
            if (!ref.isEmpty()) {
                Map<String, Object> cm = one("ConfigMap", (String) ref.get("name"));
                map(cm.get("data")).forEach((k, v) -> env.put(k, String.valueOf(v)));
            }
        }
        for (Map<String, Object> e : maps(c.get("env"))) {
            String name = (String) e.get("name");
            Map<String, Object> valueFrom = map(e.get("valueFrom"));
            if (valueFrom.isEmpty()) {
                env.put(name, String.valueOf(e.getOrDefault("value", "")));
            } else if (valueFrom.get("fieldRef") != null) {
                env.put(name, "<fieldRef:" + path(valueFrom, "fieldRef", "fieldPath") + ">");
            } else if (valueFrom.get("secretKeyRef") != null) {
                env.put(name, "<secret:" + path(valueFrom, "secretKeyRef", "key") + ">");
            } else {
                env.put(name, "<" + valueFrom.keySet() + ">");
            }
        }
        return env;
    }

    /** A setting's value in an effective environment, or its default. */
    static String setting(Map<String, String> env, String key) {
        String name = ConfigLoader.ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
        return env.containsKey(name) ? env.get(name) : ConfigLoader.DEFAULTS.get(key);
    }

    static String settingKey(String envName) {
        return envName.substring(ConfigLoader.ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }
}
