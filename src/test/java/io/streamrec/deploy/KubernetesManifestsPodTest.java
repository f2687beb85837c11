package io.streamrec.deploy;

import static io.streamrec.deploy.Manifests.K8S;
import static io.streamrec.deploy.Manifests.VAR_REF;
import static io.streamrec.deploy.Manifests.container;
import static io.streamrec.deploy.Manifests.labels;
import static io.streamrec.deploy.Manifests.map;
import static io.streamrec.deploy.Manifests.maps;
import static io.streamrec.deploy.Manifests.name;
import static io.streamrec.deploy.Manifests.path;
import static io.streamrec.deploy.Manifests.readYaml;
import static io.streamrec.deploy.Rendering.setting;
import static io.streamrec.deploy.Rendering.settingKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.config.ConfigLoader;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The pods: probes, security context, GPU, settings, secrets, volumes and memory. */
class KubernetesManifestsPodTest {
    private static final String GPU_RESOURCE = "nvidia.com/gpu";

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.streamrec.deploy.Rendering#renderings")
    void probesHitTheHealthEndpointsOnTheHttpPort(Rendering r) {
        Map<String, Object> sts = r.single("StatefulSet");
        Map<String, Object> pod = r.podSpec(sts);
        Map<String, Object> c = container(pod, "streamrec");
        int httpPort = Integer.parseInt(setting(r.effectiveEnv(pod, c), "http.port"));
        assertEquals("/health/live", path(c, "livenessProbe", "httpGet", "path"));
        assertEquals("/health/ready", path(c, "readinessProbe", "httpGet", "path"));
        if (c.get("startupProbe") != null) {
            assertEquals("/health/live", path(c, "startupProbe", "httpGet", "path"));
        }
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            if (c.get(probe) != null) {
                assertEquals(httpPort, containerPort(c, path(c, probe, "httpGet", "port")),
                        probe + " must target the app's http.port");
            }
        }
        // Both Services reach the same port; the scrape annotation names it too.
        for (Map<String, Object> svc : r.all("Service")) {
            List<Map<String, Object>> ports = maps(path(svc, "spec", "ports"));
            assertFalse(ports.isEmpty(), name(svc));
            for (Map<String, Object> port : ports) {
                assertEquals(httpPort, containerPort(c, port.get("targetPort")), "Service " + name(svc) + " targetPort");
            }
        }
        Map<String, Object> annotations = map(path(sts, "spec", "template", "metadata", "annotations"));
        if (annotations.containsKey("prometheus.io/port")) {
            assertEquals(String.valueOf(httpPort), annotations.get("prometheus.io/port"));
            assertEquals("/metrics", annotations.get("prometheus.io/path"));
        }
        for (Map<String, Object> sm : r.all("ServiceMonitor")) {
            Map<String, Object> selector = map(path(sm, "spec", "selector", "matchLabels"));
            List<Map<String, Object>> selected = r.all("Service").stream()
                    .filter(svc -> labels(svc).entrySet().containsAll(selector.entrySet())).toList();
            assertEquals(1, selected.size(), "ServiceMonitor selects exactly one Service: " + selected);
            for (Map<String, Object> ep : maps(path(sm, "spec", "endpoints"))) {
                assertEquals("/metrics", ep.get("path"));
                assertTrue(maps(path(selected.get(0), "spec", "ports")).stream().anyMatch(p -> ep.get("port").equals(p.get("name"))),
                        "ServiceMonitor port " + ep.get("port") + " is not a named port of " + name(selected.get(0)));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.streamrec.deploy.Rendering#renderings")
    void everyPodRunsAsNonRoot(Rendering r) {
        for (Map<String, Object> workload : r.workloads()) {
            Map<String, Object> pod = r.podSpec(workload);
            Map<String, Object> podSc = map(pod.get("securityContext"));
            for (Map<String, Object> c : maps(pod.get("containers"))) {
                String where = workload.get("kind") + "/" + name(workload) + " container " + c.get("name");
                Map<String, Object> sc = map(c.get("securityContext"));
                Object nonRoot = sc.getOrDefault("runAsNonRoot", podSc.get("runAsNonRoot"));
                Object user = sc.getOrDefault("runAsUser", podSc.get("runAsUser"));
                assertEquals(Boolean.TRUE, nonRoot, where + ": runAsNonRoot");
                assertTrue(user instanceof Number && ((Number) user).longValue() > 0, where + ": runAsUser " + user);
                assertEquals(Boolean.FALSE, sc.get("allowPrivilegeEscalation"), where + ": allowPrivilegeEscalation");
                assertEquals(List.of("ALL"), path(c, "securityContext", "capabilities", "drop"), where);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.streamrec.deploy.Rendering#renderings")
    void onlyTheGpuOverlayAsksForAGpuAndCuda(Rendering r) {
        Map<String, Object> sts = r.single("StatefulSet");
        Map<String, Object> pod = r.podSpec(sts);
        Map<String, Object> c = container(pod, "streamrec");
        Object gpuLimit = path(c, "resources", "limits", GPU_RESOURCE);
        String device = setting(r.effectiveEnv(pod, c), "device");
        String image = imageRepository((String) c.get("image"));
        if (r.overlay().equals("gpu")) {
            assertNotNull(gpuLimit, "the gpu overlay requests " + GPU_RESOURCE);
            assertTrue(Integer.parseInt(gpuLimit.toString()) >= 1);
            assertEquals("cuda", device, "STREAMREC_DEVICE=cuda: fail at start-up rather than score on the CPU");
            assertTrue(image.endsWith("-gpu"), "the gpu overlay runs the CUDA image (Dockerfile.gpu), got " + image);
            assertFalse(maps(pod.get("tolerations")).isEmpty() && map(pod.get("nodeSelector")).isEmpty(),
                    "GPU pods need a node selector or tolerations for the GPU nodes");
        } else {
            assertEquals(null, gpuLimit, "the " + r.overlay() + " overlay must not hold a GPU");
            assertFalse("cuda".equals(device));
            assertFalse(image.contains("gpu"), image);
        }
        // The topics Job never needs a GPU (nor the GPU image).
        for (Map<String, Object> job : r.all("Job")) {
            for (Map<String, Object> jc : maps(r.podSpec(job).get("containers"))) {
                assertEquals(null, path(jc, "resources", "limits", GPU_RESOURCE));
                assertFalse(imageRepository((String) jc.get("image")).endsWith("-gpu"));
            }
        }
    }

    /**
     * Every STREAMREC_* variable must be a real setting: ConfigLoader refuses unknown keys at start-up, so a typo
     * here would crash-loop every pod. Then the whole environment is loaded through ConfigLoader itself.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.streamrec.deploy.Rendering#renderings")
    void everyStreamrecVariableIsAKnownSettingAndLoads(Rendering r) {
        for (Map<String, Object> workload : r.workloads()) {
            Map<String, Object> pod = r.podSpec(workload);
            for (Map<String, Object> c : maps(pod.get("containers"))) {
                String where = workload.get("kind") + "/" + name(workload) + " container " + c.get("name");
                for (Map<String, Object> from : maps(c.get("envFrom"))) {
                    assertEquals(null, from.get("secretRef"),
                            where + ": envFrom a Secret hides which STREAMREC_* names it sets; use secretKeyRef");
                }
                Map<String, String> env = r.effectiveEnv(pod, c);
                Map<String, String> streamrec = new TreeMap<>();
                env.forEach((k, v) -> {
                    if (k.startsWith(ConfigLoader.ENV_PREFIX)) {
                        String key = settingKey(k);
                        assertTrue(ConfigLoader.DEFAULTS.containsKey(key) || key.startsWith(ConfigLoader.KAFKA_PREFIX),
                                where + ": " + k + " -> '" + key + "' is not a setting: ConfigLoader would refuse to start");
                        streamrec.put(k, v);
                    }
                });
                if (!streamrec.isEmpty()) {
                    // Kubernetes injects <SERVICE>_SERVICE_HOST, <SERVICE>_PORT, ... for every Service in the
                    // namespace; for the Services named streamrec* those are STREAMREC_* and unknown settings.
                    assertEquals(Boolean.FALSE, pod.get("enableServiceLinks"), where + ": enableServiceLinks must be false");
                    Map<String, String> concrete = new TreeMap<>();
                    streamrec.forEach((k, v) -> concrete.put(k, concrete(expand(v, env))));
                    assertNotNull(ConfigLoader.load(null, concrete, Map.of()), where);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.streamrec.deploy.Rendering#renderings")
    void stateIsOnThePersistentVolumeAndTempDirsAreWritable(Rendering r) {
        Map<String, Object> sts = r.single("StatefulSet");
        Map<String, Object> pod = r.podSpec(sts);
        Map<String, Object> c = container(pod, "streamrec");
        Map<String, String> env = r.effectiveEnv(pod, c);
        Set<String> claims = maps(path(sts, "spec", "volumeClaimTemplates")).stream()
                .map(t -> (String) path(t, "metadata", "name")).collect(Collectors.toSet());

        String stateDir = setting(env, "state.dir");
        Map<String, Object> stateMount = mountFor(c, stateDir);
        assertNotNull(stateMount, "state.dir " + stateDir + " is on no volume");
        assertTrue(claims.contains(stateMount.get("name")),
                "state.dir " + stateDir + " must be on a volumeClaimTemplate " + claims + ", is on " + stateMount.get("name"));

        String javaOpts = env.getOrDefault("JAVA_OPTS", "");
        assertTrue(javaOpts.contains("-XX:MaxRAMPercentage="), "heap sized from the container limit: " + javaOpts);
        assertTrue(javaOpts.contains("-XX:+ExitOnOutOfMemoryError"), javaOpts);
        if (Boolean.TRUE.equals(path(c, "securityContext", "readOnlyRootFilesystem"))) {
            Matcher tmp = Pattern.compile("-Djava\\.io\\.tmpdir=(\\S+)").matcher(javaOpts);
            assertTrue(tmp.find(), "read-only root: java.io.tmpdir must point at a volume");
            for (String dir : List.of(tmp.group(1), "/tmp")) {
                Map<String, Object> mount = mountFor(c, dir);
                assertNotNull(mount, dir + " is read-only (no volume mounted): RocksDB and ONNX Runtime unpack native libraries there");
                assertNotEquals(Boolean.TRUE, mount.get("readOnly"), dir);
            }
        }
        // Memory: requests = limits, so the pod is not evicted first under node pressure and the heap share
        // computed from the limit is what the pod really has.
        Object limit = path(c, "resources", "limits", "memory");
        assertNotNull(limit, "memory limit");
        assertEquals(limit, path(c, "resources", "requests", "memory"));
        assertNotNull(path(c, "resources", "requests", "cpu"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.streamrec.deploy.Rendering#renderings")
    void secretsAreOnlyReferencedAndOptional(Rendering r) throws IOException {
        assertEquals(List.of(), r.all("Secret"), "no Secret is deployed from the repository");
        Map<String, Object> example = readYaml(K8S.resolve("examples/secret.example.yaml"));
        Set<String> exampleKeys = map(example.get("stringData")).keySet();
        for (Map<String, Object> workload : r.workloads()) {
            for (Map<String, Object> c : maps(r.podSpec(workload).get("containers"))) {
                for (Map<String, Object> e : maps(c.get("env"))) {
                    Map<String, Object> ref = map(path(e, "valueFrom", "secretKeyRef"));
                    if (!ref.isEmpty()) {
                        assertEquals(Boolean.TRUE, ref.get("optional"), e.get("name") + ": optional, so a cluster without auth needs no Secret");
                        assertEquals(path(example, "metadata", "name"), ref.get("name"));
                        assertTrue(exampleKeys.contains(ref.get("key")), "examples/secret.example.yaml lacks key " + ref.get("key"));
                    }
                }
            }
        }
    }

    /** Kubernetes' $(VAR) expansion. */
    private static String expand(String value, Map<String, String> env) {
        Matcher m = VAR_REF.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(env.getOrDefault(m.group(1), m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Placeholders for values only known in a cluster, so that ConfigLoader can parse the rest. */
    private static String concrete(String value) {
        return value.replace("<fieldRef:metadata.name>", "streamrec-0")
                .replace("<fieldRef:metadata.namespace>", "streamrec")
                .replaceAll("<secret:[^>]*>", "secret-from-the-cluster");
    }

    private static int containerPort(Map<String, Object> c, Object port) {
        if (port instanceof Number n) {
            return n.intValue();
        }
        return maps(c.get("ports")).stream().filter(p -> String.valueOf(port).equals(p.get("name")))
                .map(p -> ((Number) p.get("containerPort")).intValue()).findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + port));
    }

    /** The most specific volume mount holding {@code dir}, or null. */
    private static Map<String, Object> mountFor(Map<String, Object> c, String dir) {
        return maps(c.get("volumeMounts")).stream()
                .filter(m -> dir.equals(m.get("mountPath")) || dir.startsWith(m.get("mountPath") + "/"))
                .max(Comparator.comparingInt(m -> ((String) m.get("mountPath")).length())).orElse(null);
    }

    private static String imageRepository(String image) {
        String ref = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int colon = ref.lastIndexOf(':');
        return colon > ref.lastIndexOf('/') ? ref.substring(0, colon) : ref;
    }
}
