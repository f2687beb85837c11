package io.streamrec.deploy;

import static io.streamrec.deploy.Manifests.ROOT;
import static io.streamrec.deploy.Manifests.container;
import static io.streamrec.deploy.Manifests.path;
import static io.streamrec.deploy.Manifests.readString;
import static io.streamrec.deploy.Rendering.setting;
import static io.streamrec.deploy.Rendering.settingKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Dockerfiles against the manifests: user, port, state and model directories, build context. */
class KubernetesManifestsImagesTest {
    @Test
    void imagesMatchTheManifests() throws IOException {
        Rendering cpu = Rendering.renderings().filter(r -> r.overlay().equals("cpu")).findFirst().orElseThrow();
        Map<String, Object> sts = cpu.single("StatefulSet");
        Map<String, Object> pod = cpu.podSpec(sts);
        Map<String, Object> c = container(pod, "streamrec");
        Map<String, String> env = cpu.effectiveEnv(pod, c);
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

    private static List<String> dockerignoreAllowList() {
        List<String> lines = readString(ROOT.resolve(".dockerignore")).lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertEquals("*", lines.get(0), ".dockerignore starts by excluding everything (an allow-list)");
        return lines.stream().filter(l -> l.startsWith("!")).map(l -> l.substring(1).replaceAll("/+$", "")).toList();
    }
}
