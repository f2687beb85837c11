package io.streamrec.deploy;

import static io.streamrec.deploy.Manifests.K8S;
import static io.streamrec.deploy.Manifests.ROOT;
import static io.streamrec.deploy.Manifests.VAR_REF;
import static io.streamrec.deploy.Manifests.container;
import static io.streamrec.deploy.Manifests.map;
import static io.streamrec.deploy.Manifests.maps;
import static io.streamrec.deploy.Manifests.name;
import static io.streamrec.deploy.Manifests.path;
import static io.streamrec.deploy.Manifests.podLabels;
import static io.streamrec.deploy.Manifests.readYaml;
import static io.streamrec.deploy.Manifests.selects;
import static io.streamrec.deploy.Manifests.strings;
import static io.streamrec.deploy.Rendering.setting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.cli.RunCommand;
import io.streamrec.events.EventType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine.Option;

/** The stream pods' StatefulSet as a Kafka Streams group: scaling, shutdown, identity, selectors. */
class KubernetesManifestsStatefulSetTest {
    @Test
    void withoutKedaTheReplicaCountStaysWithinTheInputPartitions() {
        List<Map<String, Object>> base = Kustomize.build(K8S.resolve("base"));
        Map<String, Object> sts = new Rendering("base", "built-in", base).single("StatefulSet");
        Object replicas = path(sts, "spec", "replicas");
        assertNotNull(replicas, "the base (no KEDA) sets replicas");
        assertTrue(((Number) replicas).intValue() <= minInputPartitions(),
                "replicas " + replicas + " > input partitions " + minInputPartitions());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.streamrec.deploy.Rendering#renderings")
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

        Map<String, String> env = r.effectiveEnv(r.podSpec(sts), container(r.podSpec(sts), "streamrec"));
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
    @MethodSource("io.streamrec.deploy.Rendering#renderings")
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
    @MethodSource("io.streamrec.deploy.Rendering#renderings")
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
    @MethodSource("io.streamrec.deploy.Rendering#renderings")
    void selectorsMatchTheStreamPodsOnly(Rendering r) {
        Map<String, Object> sts = r.single("StatefulSet");
        Map<String, String> streamPods = podLabels(sts);
        assertTrue(selects(map(path(sts, "spec", "selector", "matchLabels")), streamPods));
        List<Map<String, String>> otherPods = r.all("Job").stream().map(Manifests::podLabels).toList();
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
}
