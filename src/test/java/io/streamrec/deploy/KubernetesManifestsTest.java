package io.streamrec.deploy;

import static io.streamrec.deploy.Manifests.K8S;
import static io.streamrec.deploy.Manifests.maps;
import static io.streamrec.deploy.Manifests.readYaml;
import static io.streamrec.deploy.Manifests.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The deployment invariants of {@code k8s/} and the Dockerfiles, checked without a cluster or a Docker engine. This
 * class checks the kustomize tree itself; the others check one concern each, on every {@link Rendering}:
 * {@link KubernetesManifestsStatefulSetTest} (scaling, identity, shutdown, selectors),
 * {@link KubernetesManifestsPodTest} (probes, security, GPU, settings, secrets, volumes and memory),
 * {@link KubernetesManifestsAlertsTest} and {@link KubernetesManifestsImagesTest} (the Dockerfiles).
 *
 * <p>Each overlay is rendered by a small built-in kustomize ({@link Kustomize}: just the features {@code k8s/} uses;
 * an unknown kustomization field fails the test rather than being ignored) and, when a {@code kustomize} or
 * {@code kubectl} binary (kustomize v4+) is on the PATH, also by the real one ({@link KustomizeBinary}); every
 * invariant runs on every rendering, and {@link #builtInRenderingMatchesKustomize} checks that the two agree.
 */
class KubernetesManifestsTest {
    @Test
    void everyKustomizationReferenceExistsAndEveryManifestIsUsed() throws IOException {
        List<Path> kustomizations;
        try (Stream<Path> files = Files.walk(K8S)) {
            kustomizations = files.filter(p -> p.getFileName().toString().equals("kustomization.yaml")).toList();
        }
        assertTrue(kustomizations.size() >= 5, "expected base, 2 overlays and components: " + kustomizations);
        Set<Path> referenced = new HashSet<>();
        for (Path file : kustomizations) {
            Path dir = file.getParent();
            Map<String, Object> k = readYaml(file);
            for (String res : strings(k.get("resources"))) {
                Path p = dir.resolve(res).normalize();
                assertTrue(Files.isRegularFile(p) || Files.isRegularFile(p.resolve("kustomization.yaml")),
                        file + ": resource " + res + " does not exist");
                referenced.add(p);
            }
            for (String comp : strings(k.get("components"))) {
                Path p = dir.resolve(comp).normalize();
                assertTrue(Files.isRegularFile(p.resolve("kustomization.yaml")), file + ": component " + comp + " does not exist");
            }
            for (Map<String, Object> patch : maps(k.get("patches"))) {
                if (patch.get("path") != null) {
                    Path p = dir.resolve((String) patch.get("path")).normalize();
                    assertTrue(Files.isRegularFile(p), file + ": patch " + p + " does not exist");
                    referenced.add(p);
                }
            }
            for (Map<String, Object> gen : maps(k.get("configMapGenerator"))) {
                for (String env : strings(gen.get("envs"))) {
                    Path p = dir.resolve(env).normalize();
                    assertTrue(Files.isRegularFile(p), file + ": env file " + env + " does not exist");
                    referenced.add(p);
                }
            }
        }
        // A manifest no kustomization lists is never deployed: usually a forgotten `resources:` line.
        // k8s/examples holds the hand-applied examples (the Secret, KEDA's TriggerAuthentication) on purpose.
        try (Stream<Path> files = Files.walk(K8S)) {
            List<Path> orphans = files.filter(p -> p.toString().endsWith(".yaml"))
                    .filter(p -> !p.getFileName().toString().equals("kustomization.yaml"))
                    .filter(p -> !p.startsWith(K8S.resolve("examples")))
                    .filter(p -> !referenced.contains(p.normalize()))
                    .toList();
            assertEquals(List.of(), orphans, "manifests no kustomization uses");
        }
    }

    @Test
    void builtInRenderingMatchesKustomize() {
        Optional<List<String>> command = KustomizeBinary.command();
        Assumptions.assumeTrue(command.isPresent(), "no kustomize v4+ or kubectl on the PATH");
        for (String overlay : Rendering.OVERLAYS) {
            Path dir = K8S.resolve("overlays").resolve(overlay);
            Object mine = normalize(Kustomize.build(dir));
            Object theirs = normalize(KustomizeBinary.build(command.get(), dir));
            assertEquals(mine, theirs, overlay + ": built-in rendering differs from " + command.get());
        }
    }

    /** Sorts objects and name-keyed lists and drops kustomize's ConfigMap hash suffixes, for comparison. */
    private static Object normalize(List<Map<String, Object>> objects) {
        List<Object> out = new ArrayList<>();
        for (Map<String, Object> o : objects) {
            out.add(normalizeValue(o));
        }
        out.sort(Comparator.comparing(Object::toString));
        return out;
    }

    private static Object normalizeValue(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new TreeMap<>();
            m.forEach((k, v) -> out.put((String) k, normalizeValue(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = l.stream().map(KubernetesManifestsTest::normalizeValue).collect(Collectors.toCollection(ArrayList::new));
            if (!out.isEmpty() && out.stream().allMatch(e -> e instanceof Map<?, ?> em && em.get("name") instanceof String)) {
                out.sort(Comparator.comparing(e -> (String) ((Map<?, ?>) e).get("name")));
            }
            return out;
        }
        if (value instanceof String s) {
            return s.replaceAll("^(streamrec-config)-[a-z0-9]{10}$", "$1");
        }
        return value;
    }
}
