package io.streamrec.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.streamrec.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The manifests' HTTP side against the app's behaviour: the NetworkPolicy example lets in the other pods (they
 * forward user requests to each other) on the container's http port; the forward token comes from the Secret;
 * the base does not declare a trusted network on its own; no comment claims /metrics needs the token.
 * Reads the YAML files directly (no kustomize rendering needed).
 */
class HttpManifestsTest {
    private static final Path K8S = Path.of(System.getProperty("streamrec.home", ".")).resolve("k8s");
    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void networkPolicyExampleAdmitsThePeersOnTheHttpPort() throws IOException {
        JsonNode policy = YAML.readTree(K8S.resolve("examples/networkpolicy.example.yaml").toFile());
        JsonNode pod = podTemplate();
        JsonNode podLabels = pod.at("/metadata/labels");
        assertEquals("NetworkPolicy", policy.get("kind").asText());
        assertEquals(podLabels, policy.at("/spec/podSelector/matchLabels"), "selects the stream pods");
        JsonNode rule = policy.at("/spec/ingress/0");
        assertEquals(List.of("http"), texts(rule.get("ports"), "port"));
        assertTrue(containerPorts(pod).contains("http"), "the container names its port http");
        boolean peers = false;
        for (JsonNode from : rule.get("from")) {
            peers |= !from.has("namespaceSelector") && podLabels.equals(from.at("/podSelector/matchLabels"));
        }
        assertTrue(peers, "the stream pods may reach each other (forwarding)");
    }

    @Test
    void forwardTokenComesFromTheSecretAndIsAKnownSetting() throws IOException {
        Map<String, String> secretKeys = new HashMap<>();
        for (JsonNode env : podTemplate().at("/spec/containers/0/env")) {
            if (env.has("valueFrom") && env.at("/valueFrom/secretKeyRef").isObject()) {
                secretKeys.put(env.get("name").asText(), env.at("/valueFrom/secretKeyRef/key").asText());
            }
        }
        assertEquals("http-auth-token", secretKeys.get("STREAMREC_HTTP_AUTH_TOKEN"));
        assertEquals("http-forward-token", secretKeys.get("STREAMREC_HTTP_FORWARD_TOKEN"));
        assertTrue(ConfigLoader.DEFAULTS.containsKey("http.forward.token"));
        JsonNode example = YAML.readTree(K8S.resolve("examples/secret.example.yaml").toFile());
        assertNotNull(example.at("/stringData/http-forward-token").textValue());
    }

    @Test
    void baseDoesNotDeclareATrustedNetworkByItself() throws IOException {
        for (String line : Files.readAllLines(K8S.resolve("base/streamrec.env"))) {
            assertFalse(line.startsWith("STREAMREC_HTTP_TRUSTED_NETWORK"),
                    "a token from the Secret, or an explicit opt-in by whoever applies a NetworkPolicy: " + line);
        }
    }

    @Test
    void noCommentClaimsMetricsNeedTheToken() throws IOException {
        List<String> claims = new ArrayList<>();
        try (Stream<Path> files = Files.walk(K8S)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(file).replace("`", "").replaceAll("\\s*\\n\\s*#?\\s*", " ");
                if (text.matches("(?s).*/metrics (needs|requires) the (bearer )?token.*|.*/metrics answers 401.*")) {
                    claims.add(file.toString());
                }
            }
        }
        assertEquals(List.of(), claims, "/metrics is served without the token (Guard), say so");
    }

    private static JsonNode podTemplate() throws IOException {
        return YAML.readTree(K8S.resolve("base/statefulset.yaml").toFile()).at("/spec/template");
    }

    private static List<String> containerPorts(JsonNode pod) {
        return texts(pod.at("/spec/containers/0/ports"), "name");
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.get(field).asText()));
        return values;
    }
}
