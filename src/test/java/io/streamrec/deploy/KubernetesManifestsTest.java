package io.streamrec.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamrec.cli.RunCommand;
import io.streamrec.config.ConfigLoader;
import io.streamrec.events.EventType;
import io.streamrec.metrics.PipelineMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine.Option;

/**
 * The deployment invariants of {@code k8s/} and the Dockerfiles, checked without a cluster or a Docker engine.
 *
 * <p>Each overlay is rendered by a small built-in kustomize (just the features {@code k8s/} uses; an unknown
 * kustomization field fails the test rather than being ignored) and, when a {@code kustomize} or {@code kubectl}
 * binary (kustomize v4+) is on the PATH, also by the real one; every invariant runs on every rendering, and
 * {@link #builtInRenderingMatchesKustomize} checks that the two agree.
 */
class KubernetesManifestsTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path K8S = ROOT.resolve("k8s");
    private static final List<String> OVERLAYS = List.of("cpu", "gpu");
    private static final String GPU_RESOURCE = "nvidia.com/gpu";
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern VAR_REF = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private static List<Rendering> renderings;

    // ------------------------------------------------------------------------------------------------------------
    // Structure of k8s/

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
    void withoutKedaTheReplicaCountStaysWithinTheInputPartitions() {
        List<Map<String, Object>> base = Kustomizer.build(K8S.resolve("base"));
        Map<String, Object> sts = new Rendering("base", "built-in", base).single("StatefulSet");
        Object replicas = path(sts, "spec", "replicas");
        assertNotNull(replicas, "the base (no KEDA) sets replicas");
        assertTrue(((Number) replicas).intValue() <= minInputPartitions(),
                "replicas " + replicas + " > input partitions " + minInputPartitions());
    }

    // ------------------------------------------------------------------------------------------------------------
    // Invariants, on every rendering of every overlay

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void kedaNeverScalesPastTheInputPartitions(Rendering r) {
        Map<String, Object> so = r.single("ScaledObject");
        Map<String, Object> sts = r.single("StatefulSet");
        assertEquals("StatefulSet", path(so, "spec", "scaleTargetRef", "kind"));
        assertEquals(name(sts), path(so, "spec", "scaleTargetRef", "name"));
        int max = ((Number) path(so, "spec", "maxReplicaCount")).intValue();
        int min = ((Number) path(so, "spec", "minReplicaCount")).intValue();
        int partitions = minInputPartitions();
        assertTrue(max <= partitions, "maxReplicaCount " + max + " > smallest input partition count " + partitions
                + ": Kafka Streams cannot use more active instances than input partitions");
        assertTrue(min >= 1 && min <= max, "minReplicaCount " + min);
        assertFalse(((Map<?, ?>) sts.get("spec")).containsKey("replicas"),
                "with KEDA the StatefulSet must not set replicas (every apply would reset the autoscaler's count)");

        Map<String, String> env = effectiveEnv(r, r.podSpec(sts), container(r.podSpec(sts), "streamrec"));
        String appId = setting(env, "application.id");
        Set<String> topics = new TreeSet<>();
        for (Map<String, Object> trigger : maps(path(so, "spec", "triggers"))) {
            assertEquals("kafka", trigger.get("type"));
            Map<String, Object> md = map(trigger.get("metadata"));
            topics.add((String) md.get("topic"));
            assertEquals(appId, fromEnvOrLiteral(md, "consumerGroup", env),
                    "the lag must be measured on the app's consumer group (= application.id)");
            String bootstrap = fromEnvOrLiteral(md, "bootstrapServers", env);
            assertTrue(bootstrap != null && !bootstrap.isBlank(), "trigger without bootstrap servers");
            assertEquals("false", String.valueOf(md.get("allowIdleConsumers")));
        }
        assertEquals(inputTopics(), topics, "one lag trigger per input topic");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void shutdownGraceExceedsTheCloseTimeout(Rendering r) throws Exception {
        Map<String, Object> sts = r.single("StatefulSet");
        Map<String, Object> pod = r.podSpec(sts);
        List<String> args = strings(container(pod, "streamrec").get("args"));
        assertEquals("run", args.isEmpty() ? null : args.get(0), "the production entry point is `streamrec run`");
        String defaultTimeout = RunCommand.class.getDeclaredField("closeTimeout").getAnnotation(Option.class).defaultValue();
        Duration close = Duration.parse(optionValue(args, "--close-timeout").orElse(defaultTimeout));
        Object grace = pod.get("terminationGracePeriodSeconds");
        assertNotNull(grace, "terminationGracePeriodSeconds (the default, 30 s, is not longer than the close timeout)");
        assertTrue(((Number) grace).longValue() > close.toSeconds(),
                "terminationGracePeriodSeconds " + grace + " must exceed the close timeout " + close);
        assertTrue(((Number) grace).longValue() > 30);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void probesHitTheHealthEndpointsOnTheHttpPort(Rendering r) {
        Map<String, Object> sts = r.single("StatefulSet");
        Map<String, Object> pod = r.podSpec(sts);
        Map<String, Object> c = container(pod, "streamrec");
        int httpPort = Integer.parseInt(setting(effectiveEnv(r, pod, c), "http.port"));
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
    @MethodSource("renderings")
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
    @MethodSource("renderings")
    void onlyTheGpuOverlayAsksForAGpuAndCuda(Rendering r) {
        Map<String, Object> sts = r.single("StatefulSet");
        Map<String, Object> pod = r.podSpec(sts);
        Map<String, Object> c = container(pod, "streamrec");
        Object gpuLimit = path(c, "resources", "limits", GPU_RESOURCE);
        String device = setting(effectiveEnv(r, pod, c), "device");
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
    @MethodSource("renderings")
    void everyStreamrecVariableIsAKnownSettingAndLoads(Rendering r) {
        for (Map<String, Object> workload : r.workloads()) {
            Map<String, Object> pod = r.podSpec(workload);
            for (Map<String, Object> c : maps(pod.get("containers"))) {
                String where = workload.get("kind") + "/" + name(workload) + " container " + c.get("name");
                for (Map<String, Object> from : maps(c.get("envFrom"))) {
                    assertEquals(null, from.get("secretRef"),
                            where + ": envFrom a Secret hides which STREAMREC_* names it sets; use secretKeyRef");
                }
                Map<String, String> env = effectiveEnv(r, pod, c);
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
    @MethodSource("renderings")
    void applicationServerIsThePodNameUnderTheHeadlessService(Rendering r) {
        Map<String, Object> sts = r.single("StatefulSet");
        Map<String, Object> pod = r.podSpec(sts);
        Map<String, Object> c = container(pod, "streamrec");
        String serviceName = (String) path(sts, "spec", "serviceName");
        Map<String, Object> headless = r.one("Service", serviceName);
        assertEquals("None", path(headless, "spec", "clusterIP"), serviceName + " must be headless");
        assertEquals(Boolean.TRUE, path(headless, "spec", "publishNotReadyAddresses"),
                "not-ready (restoring) pods must keep their DNS name for forwarded queries");
        assertTrue(selects(map(path(headless, "spec", "selector")), podLabels(sts)), "headless Service selects the pods");

        List<Map<String, Object>> envList = maps(c.get("env"));
        String host = rawValue(envList, "STREAMREC_HTTP_ADVERTISED_HOST");
        Matcher m = Pattern.compile("^\\$\\((\\w+)\\)\\." + Pattern.quote(serviceName) + "\\.\\$\\((\\w+)\\)\\.svc(\\.[a-z0-9.-]+)?$")
                .matcher(host == null ? "" : host);
        assertTrue(m.matches(), "STREAMREC_HTTP_ADVERTISED_HOST must be $(POD_NAME)." + serviceName
                + ".$(POD_NAMESPACE).svc[.<cluster domain>], got " + host);
        assertFieldRefBefore(envList, m.group(1), "metadata.name", "STREAMREC_HTTP_ADVERTISED_HOST");
        assertFieldRefBefore(envList, m.group(2), "metadata.namespace", "STREAMREC_HTTP_ADVERTISED_HOST");

        String instanceId = rawValue(envList, "STREAMREC_GROUP_INSTANCE_ID");
        Matcher id = VAR_REF.matcher(instanceId == null ? "" : instanceId);
        assertTrue(id.matches(), "STREAMREC_GROUP_INSTANCE_ID must be the pod name, got " + instanceId);
        assertFieldRefBefore(envList, id.group(1), "metadata.name", "STREAMREC_GROUP_INSTANCE_ID");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void stateIsOnThePersistentVolumeAndTempDirsAreWritable(Rendering r) {
        Map<String, Object> sts = r.single("StatefulSet");
        Map<String, Object> pod = r.podSpec(sts);
        Map<String, Object> c = container(pod, "streamrec");
        Map<String, String> env = effectiveEnv(r, pod, c);
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
    @MethodSource("renderings")
    void selectorsMatchTheStreamPodsOnly(Rendering r) {
        Map<String, Object> sts = r.single("StatefulSet");
        Map<String, String> streamPods = podLabels(sts);
        assertTrue(selects(map(path(sts, "spec", "selector", "matchLabels")), streamPods));
        List<Map<String, String>> otherPods = r.all("Job").stream().map(KubernetesManifestsTest::podLabels).toList();
        List<Map<String, Object>> selectors = new ArrayList<>();
        r.all("Service").forEach(svc -> selectors.add(map(path(svc, "spec", "selector"))));
        r.all("PodDisruptionBudget").forEach(pdb -> selectors.add(map(path(pdb, "spec", "selector", "matchLabels"))));
        Map<String, Object> pod = r.podSpec(sts);
        maps(path(pod, "affinity", "podAntiAffinity", "preferredDuringSchedulingIgnoredDuringExecution"))
                .forEach(t -> selectors.add(map(path(t, "podAffinityTerm", "labelSelector", "matchLabels"))));
        maps(path(pod, "affinity", "podAntiAffinity", "requiredDuringSchedulingIgnoredDuringExecution"))
                .forEach(t -> selectors.add(map(path(t, "labelSelector", "matchLabels"))));
        assertFalse(r.all("PodDisruptionBudget").isEmpty(), "a PodDisruptionBudget");
        assertTrue(selectors.size() >= 4, "Services, PDB and anti-affinity: " + selectors);
        for (Map<String, Object> selector : selectors) {
            assertTrue(selects(selector, streamPods), selector + " does not select the stream pods " + streamPods);
            for (Map<String, String> other : otherPods) {
                assertFalse(selects(selector, other), selector + " also selects the Job's pods " + other);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
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

    /** The example alerts cover lag, dead letters, latency and readiness, with metric names the app exports. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void alertRulesUseMetricsTheAppExports(Rendering r) {
        List<String> exprs = new ArrayList<>();
        for (Map<String, Object> rule : r.all("PrometheusRule")) {
            for (Map<String, Object> group : maps(path(rule, "spec", "groups"))) {
                for (Map<String, Object> alert : maps(group.get("rules"))) {
                    assertNotNull(alert.get("alert"), "recording rules are not expected here: " + alert);
                    exprs.add(String.valueOf(alert.get("expr")));
                }
            }
        }
        assertTrue(exprs.stream().anyMatch(e -> e.contains("kafka_consumergroup_lag") || e.contains("records_lag_max")), "a lag alert");
        assertTrue(exprs.stream().anyMatch(e -> e.contains("streamrec_dlq_records_total")), "a dead-letter alert");
        assertTrue(exprs.stream().anyMatch(e -> e.contains("histogram_quantile(0.99")
                && e.contains("streamrec_event_to_recommendation_seconds_bucket")), "a p99 latency alert");
        assertTrue(exprs.stream().anyMatch(e -> e.contains("kube_statefulset_status_replicas_ready")
                || e.contains("kube_pod_status_ready")), "a not-ready alert");

        // The lag alerts name the consumer group, which is the app's application.id.
        Map<String, Object> sts = r.single("StatefulSet");
        String appId = setting(effectiveEnv(r, r.podSpec(sts), container(r.podSpec(sts), "streamrec")), "application.id");
        Matcher group = Pattern.compile("consumergroup\\s*=~?\\s*\"([^\"]*)\"").matcher(String.join("\n", exprs));
        while (group.find()) {
            assertEquals(appId, group.group(1), "alert on consumer group " + group.group(1) + ", but application.id is " + appId);
        }

        Set<String> exported = exportedMetricNames();
        Matcher m = Pattern.compile("\\bstreamrec_[a-z0-9_]+").matcher(String.join("\n", exprs));
        while (m.find()) {
            assertTrue(exported.contains(m.group()), "alert uses " + m.group() + ", which the app does not export; it does: " + exported);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // The images

    @Test
    void imagesMatchTheManifests() throws IOException {
        Rendering cpu = renderings().filter(r -> r.overlay().equals("cpu")).findFirst().orElseThrow();
        Map<String, Object> sts = cpu.single("StatefulSet");
        Map<String, Object> pod = cpu.podSpec(sts);
        Map<String, Object> c = container(pod, "streamrec");
        Map<String, String> env = effectiveEnv(cpu, pod, c);
        long runAsUser = ((Number) path(pod, "securityContext", "runAsUser")).longValue();
        String httpPort = setting(env, "http.port");
        List<String> ignoreAllowed = dockerignoreAllowList();

        for (String file : List.of("Dockerfile", "Dockerfile.gpu")) {
            Dockerfile df = Dockerfile.read(ROOT.resolve("streams-app").resolve(file));
            Matcher user = Pattern.compile("^(\\d+)(:\\d+)?$").matcher(df.last("USER"));
            assertTrue(user.matches(), file + ": USER must be numeric (runAsNonRoot can only verify a uid), got " + df.last("USER"));
            assertTrue(Long.parseLong(user.group(1)) > 0, file + ": non-root USER");
            assertEquals(runAsUser, Long.parseLong(user.group(1)), file + ": USER = the pods' runAsUser (owns the state dir)");
            assertTrue(df.all("EXPOSE").stream().anyMatch(e -> e.split("\\s+")[0].equals(httpPort)), file + ": EXPOSE " + httpPort);
            Map<String, String> imageEnv = df.env();
            imageEnv.keySet().stream().filter(k -> k.startsWith(ConfigLoader.ENV_PREFIX)).forEach(k -> {
                String key = settingKey(k);
                assertTrue(ConfigLoader.DEFAULTS.containsKey(key) || key.startsWith(ConfigLoader.KAFKA_PREFIX), file + ": " + k);
            });
            assertEquals(setting(env, "state.dir"), imageEnv.get("STREAMREC_STATE_DIR"), file);
            assertTrue(df.last("VOLUME").contains(setting(env, "state.dir")), file + ": the state dir is a VOLUME");
            assertEquals(setting(env, "model.dir"), imageEnv.get("STREAMREC_MODEL_DIR"), file);
            // The model and the topics file are where the manifests expect them.
            String workdir = df.last("WORKDIR");
            assertEquals(setting(env, "model.dir"), workdir + "/" + df.copyDestination("streams-app/model"), file);
            assertTrue(df.copyDestination("topics/topics.yaml") != null, file + " copies topics/topics.yaml");
            String javaOpts = imageEnv.getOrDefault("JAVA_OPTS", "");
            assertTrue(javaOpts.contains("-XX:MaxRAMPercentage=") && javaOpts.contains("-XX:+ExitOnOutOfMemoryError")
                    && javaOpts.contains("-Djava.io.tmpdir="), file + ": JAVA_OPTS " + javaOpts);
            String mvn = df.all("RUN").stream().filter(run -> run.contains("mvn ")).findFirst().orElse("");
            assertTrue(mvn.contains(" package"), file + " builds the jar with Maven");
            assertEquals(file.endsWith(".gpu"), mvn.contains("-Pgpu"), file + ": only the GPU image uses the gpu profile");
            List<String> from = df.all("FROM");
            if (file.endsWith(".gpu")) {
                String cuda = df.args().get("CUDA_IMAGE");
                assertNotNull(cuda, file + ": ARG CUDA_IMAGE");
                assertTrue(cuda.matches("nvidia/cuda:12\\.[0-9.]+-cudnn-runtime-ubuntu[0-9.]+"), file + ": CUDA 12 + cuDNN (9) runtime base, got " + cuda);
            }
            assertTrue(from.size() >= 2, file + " is multi-stage");
            // The root .dockerignore is an allow-list: everything copied from the context must be on it.
            for (String src : df.contextCopySources()) {
                assertTrue(ignoreAllowed.stream().anyMatch(a -> src.equals(a) || src.startsWith(a + "/")),
                        file + " copies " + src + ", which .dockerignore keeps out of the build context");
                assertTrue(Files.exists(ROOT.resolve(src)), file + " copies " + src + ", which does not exist");
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // The built-in renderer against the real kustomize

    @Test
    void builtInRenderingMatchesKustomize() {
        Optional<List<String>> command = kustomizeCommand();
        Assumptions.assumeTrue(command.isPresent(), "no kustomize v4+ or kubectl on the PATH");
        for (String overlay : OVERLAYS) {
            Path dir = K8S.resolve("overlays").resolve(overlay);
            Object mine = normalize(Kustomizer.build(dir));
            Object theirs = normalize(runKustomize(command.get(), dir));
            assertEquals(mine, theirs, overlay + ": built-in rendering differs from " + command.get());
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Renderings

    record Rendering(String overlay, String renderer, List<Map<String, Object>> objects) {
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
    }

    static synchronized Stream<Rendering> renderings() {
        if (renderings == null) {
            List<Rendering> list = new ArrayList<>();
            for (String overlay : OVERLAYS) {
                list.add(new Rendering(overlay, "built-in", Kustomizer.build(K8S.resolve("overlays").resolve(overlay))));
            }
            kustomizeCommand().ifPresent(cmd -> {
                for (String overlay : OVERLAYS) {
                    list.add(new Rendering(overlay, cmd.get(0), runKustomize(cmd, K8S.resolve("overlays").resolve(overlay))));
                }
            });
            renderings = List.copyOf(list);
        }
        return renderings.stream();
    }

    /** {@code kustomize build} or {@code kubectl kustomize}, if on the PATH with kustomize v4 or later. */
    private static Optional<List<String>> kustomizeCommand() {
        if (onPath("kustomize") && kustomizeMajor(List.of("kustomize", "version")) >= 4) {
            return Optional.of(List.of("kustomize", "build"));
        }
        if (onPath("kubectl") && kustomizeMajor(List.of("kubectl", "version", "--client")) >= 4) {
            return Optional.of(List.of("kubectl", "kustomize"));
        }
        return Optional.empty();
    }

    private static boolean onPath(String exe) {
        return Arrays.stream(Objects.requireNonNullElse(System.getenv("PATH"), "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, exe)));
    }

    private static int kustomizeMajor(List<String> command) {
        try {
            String out = run(command, 60);
            Matcher m = Pattern.compile("(?i)kustomize[^\\n]*?v(\\d+)\\.|^v(\\d+)\\.", Pattern.MULTILINE).matcher(out);
            if (m.find()) {
                return Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2));
            }
        } catch (RuntimeException e) {
            // not usable
        }
        return -1;
    }

    private static List<Map<String, Object>> runKustomize(List<String> command, Path dir) {
        List<String> full = new ArrayList<>(command);
        full.add(dir.toString());
        return parseDocuments(run(full, 120), String.join(" ", full));
    }

    private static String run(List<String> command, int timeoutSeconds) {
        try {
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            String out = readAll(p.getInputStream());
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command + " timed out");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(command + " exited " + p.exitValue() + ": " + err.join());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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

    // ------------------------------------------------------------------------------------------------------------
    // Built-in kustomize: resources (files and directories), components, namespace, configMapGenerator
    // (envs, literals; behavior create/merge/replace; no name hash), images, patches (strategic merge by
    // kind/name, JSON 6902 with a target). Anything else fails, so it cannot silently render differently.

    static final class Kustomizer {
        private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "resources", "components", "namespace",
                "configMapGenerator", "images", "patches");

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
                        + "', which KubernetesManifestsTest's built-in kustomize does not implement; extend it");
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

    // ------------------------------------------------------------------------------------------------------------
    // The Dockerfiles

    record Dockerfile(Path file, List<String[]> instructions) {
        static Dockerfile read(Path file) {
            List<String[]> out = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String line : readString(file).split("\n")) {
                String stripped = line.strip();
                if (current.isEmpty() && (stripped.isEmpty() || stripped.startsWith("#"))) {
                    continue;
                }
                if (stripped.startsWith("#")) {
                    continue;
                }
                if (stripped.endsWith("\\")) {
                    current.append(stripped, 0, stripped.length() - 1).append(' ');
                    continue;
                }
                current.append(stripped);
                String full = current.toString().strip();
                current.setLength(0);
                int space = full.indexOf(' ');
                out.add(new String[] {full.substring(0, space).toUpperCase(Locale.ROOT), full.substring(space + 1).strip()});
            }
            return new Dockerfile(file, out);
        }

        List<String> all(String instruction) {
            return instructions.stream().filter(i -> i[0].equals(instruction)).map(i -> i[1]).toList();
        }

        /** The last occurrence (the runtime stage's). */
        String last(String instruction) {
            List<String> all = all(instruction);
            assertFalse(all.isEmpty(), file + " has no " + instruction);
            return all.get(all.size() - 1);
        }

        Map<String, String> env() {
            return keyValues(all("ENV"));
        }

        Map<String, String> args() {
            return keyValues(all("ARG"));
        }

        private static Map<String, String> keyValues(List<String> lines) {
            Map<String, String> out = new LinkedHashMap<>();
            Matcher m = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S+)").matcher(String.join(" ", lines));
            while (m.find()) {
                String v = m.group(2);
                out.put(m.group(1), v.startsWith("\"") ? v.substring(1, v.length() - 1) : v);
            }
            return out;
        }

        /** Where {@code COPY <source> <dest>} (from the build context) puts a source, or null. */
        String copyDestination(String source) {
            for (String copy : all("COPY")) {
                String[] words = copy.split("\\s+");
                if (!words[0].startsWith("--from") && words.length == 2 && words[0].equals(source)) {
                    return words[1];
                }
            }
            return null;
        }

        List<String> contextCopySources() {
            List<String> out = new ArrayList<>();
            for (String copy : all("COPY")) {
                List<String> words = new ArrayList<>(List.of(copy.split("\\s+")));
                if (words.stream().anyMatch(w -> w.startsWith("--from"))) {
                    continue;
                }
                words.removeIf(w -> w.startsWith("--"));
                out.addAll(words.subList(0, words.size() - 1).stream().map(w -> w.replaceAll("/+$", "").replaceFirst("^\\./", "")).toList());
            }
            return out;
        }
    }

    private static List<String> dockerignoreAllowList() {
        List<String> lines = readString(ROOT.resolve(".dockerignore")).lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertEquals("*", lines.get(0), ".dockerignore starts by excluding everything (an allow-list)");
        return lines.stream().filter(l -> l.startsWith("!")).map(l -> l.substring(1).replaceAll("/+$", "")).toList();
    }

    // ------------------------------------------------------------------------------------------------------------
    // Helpers

    /** The container's environment as Kubernetes builds it: envFrom ConfigMaps, then env (later wins). */
    private static Map<String, String> effectiveEnv(Rendering r, Map<String, Object> pod, Map<String, Object> c) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map<String, Object> from : maps(c.get("envFrom"))) {
            Map<String, Object> ref = map(from.get("configMapRef"));
            if (!ref.isEmpty()) {
                Map<String, Object> cm = r.one("ConfigMap", (String) ref.get("name"));
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
    private static String setting(Map<String, String> env, String key) {
        String name = ConfigLoader.ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
        return env.containsKey(name) ? env.get(name) : ConfigLoader.DEFAULTS.get(key);
    }

    private static String settingKey(String envName) {
        return envName.substring(ConfigLoader.ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
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

    private static String fromEnvOrLiteral(Map<String, Object> metadata, String key, Map<String, String> env) {
        if (metadata.get(key + "FromEnv") != null) {
            String var = (String) metadata.get(key + "FromEnv");
            assertTrue(env.containsKey(var), key + "FromEnv names " + var + ", which the container does not have");
            return env.get(var);
        }
        return (String) metadata.get(key);
    }

    private static String rawValue(List<Map<String, Object>> envList, String name) {
        return envList.stream().filter(e -> name.equals(e.get("name"))).map(e -> (String) e.get("value"))
                .findFirst().orElse(null);
    }

    private static void assertFieldRefBefore(List<Map<String, Object>> envList, String var, String fieldPath, String user) {
        int defined = -1;
        int used = -1;
        for (int i = 0; i < envList.size(); i++) {
            Map<String, Object> e = envList.get(i);
            if (var.equals(e.get("name")) && fieldPath.equals(path(e, "valueFrom", "fieldRef", "fieldPath"))) {
                defined = i;
            }
            if (user.equals(e.get("name"))) {
                used = i;
            }
        }
        assertTrue(defined >= 0, var + " must come from the downward API (" + fieldPath + ")");
        assertTrue(defined < used, var + " must be defined before " + user + ", or $(" + var + ") is not expanded");
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

    private static Map<String, Object> container(Map<String, Object> pod, String name) {
        return maps(pod.get("containers")).stream().filter(c -> name.equals(c.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no container " + name));
    }

    private static Map<String, String> podLabels(Map<String, Object> workload) {
        Map<String, String> out = new TreeMap<>();
        map(path(workload, "spec", "template", "metadata", "labels")).forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }

    private static Map<String, Object> labels(Map<String, Object> o) {
        return map(path(o, "metadata", "labels"));
    }

    private static boolean selects(Map<String, Object> selector, Map<String, String> labels) {
        return !selector.isEmpty() && selector.entrySet().stream()
                .allMatch(e -> String.valueOf(e.getValue()).equals(labels.get(e.getKey())));
    }

    private static String imageRepository(String image) {
        String ref = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int colon = ref.lastIndexOf(':');
        return colon > ref.lastIndexOf('/') ? ref.substring(0, colon) : ref;
    }

    private static Optional<String> optionValue(List<String> args, String option) {
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals(option) && i + 1 < args.size()) {
                return Optional.of(args.get(i + 1));
            }
            if (args.get(i).startsWith(option + "=")) {
                return Optional.of(args.get(i).substring(option.length() + 1));
            }
        }
        return Optional.empty();
    }

    /** The input topics (EventType) and their smallest partition count in topics/topics.yaml. */
    private static Set<String> inputTopics() {
        return new TreeSet<>(io.streamrec.kafka.Topics.eventTopicNames());
    }

    private static int minInputPartitions() {
        Map<String, Object> file = readYaml(ROOT.resolve("topics/topics.yaml"));
        Map<String, Integer> partitions = new TreeMap<>();
        for (Map<String, Object> topic : maps(file.get("topics"))) {
            partitions.put((String) topic.get("name"), ((Number) topic.get("partitions")).intValue());
        }
        assertTrue(partitions.keySet().containsAll(inputTopics()), "topics.yaml declares every input topic: " + partitions);
        return inputTopics().stream().mapToInt(partitions::get).min().orElseThrow();
    }

    /** Metric names in the app's Prometheus output: PipelineMetrics' meters, plus the model info gauge. */
    private static Set<String> exportedMetricNames() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new PipelineMetrics(registry);
        Set<String> names = new TreeSet<>();
        registry.scrape().lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                .forEach(l -> names.add(l.split("[{ ]", 2)[0]));
        // Registered by StreamrecApp (it needs a loaded model): Gauge "streamrec.model.info", tag version.
        names.add("streamrec_model_info");
        return names;
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

    private static Map<String, Object> readYaml(Path file) {
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

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String name(Map<String, Object> o) {
        return (String) path(o, "metadata", "name");
    }

    private static Object path(Object root, String... keys) {
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
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> ? (Map<String, Object>) value : new LinkedHashMap<>();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object value) {
        return value instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }

    private static List<String> strings(Object value) {
        return value instanceof Collection<?> c ? c.stream().map(String::valueOf).toList() : List.of();
    }

    @SuppressWarnings("unchecked")
    private static Object deepCopy(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) m).forEach((k, v) -> out.put(k, deepCopy(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            return l.stream().map(KubernetesManifestsTest::deepCopy).collect(Collectors.toCollection(ArrayList::new));
        }
        return value;
    }
}
