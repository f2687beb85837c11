package io.streamrec.tools.chaos;

import io.streamrec.kafka.KafkaClients;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A streamrec JVM started from the packaged jar ({@code run} or {@code broker}), the way an SRE meets it: its own
 * process, ports and directories; stopped with SIGTERM or killed with SIGKILL. Used by {@code streamrec chaos} and
 * the process-level integration tests.
 */
public final class AppProcess implements AutoCloseable {
    public static final Path JAR = Path.of("target", "streamrec.jar");

    private final Process process;
    private final int httpPort;
    private final Path log;
    private final HttpClient client = HttpClient.newHttpClient();

    private AppProcess(Process process, int httpPort, Path log) {
        this.process = process;
        this.httpPort = httpPort;
        this.log = log;
    }

    /** Starts {@code streamrec run} with the bundled model; extra {@code key=value} settings are passed with --set. */
    public static AppProcess start(String bootstrap, String applicationId, Path stateDir, Path logFile,
                                   String... settings) throws IOException {
        return start(JAR, bootstrap, applicationId, stateDir, logFile, settings);
    }

    public static AppProcess start(Path jar, String bootstrap, String applicationId, Path stateDir, Path logFile,
                                   String... settings) throws IOException {
        return startOnPort(jar, freePort(), bootstrap, applicationId, stateDir, logFile, settings);
    }

    /** As {@link #start}, on a given HTTP port (a restart that keeps its {@code application.server}). */
    public static AppProcess startOnPort(Path jar, int port, String bootstrap, String applicationId, Path stateDir,
                                         Path logFile, String... settings) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with `mvn package`");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Dstreamrec.home=" + System.getProperty("streamrec.home", "."), "-jar", jar.toString(), "run",
                "--bootstrap", bootstrap, "--device", "cpu", "--http-port", Integer.toString(port),
                "--set", "application.id=" + applicationId,
                "--set", "state.dir=" + stateDir,
                "--set", "http.advertised.host=127.0.0.1"));
        for (String setting : settings) {
            command.add("--set");
            command.add(setting);
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        return new AppProcess(process, port, logFile);
    }

    /**
     * Starts {@code streamrec broker} on a fixed port and data directory (so it can be restarted in place) and
     * returns once it answers on 127.0.0.1:{@code port}; fails when the process dies or 2 minutes pass first.
     */
    public static AppProcess broker(Path jar, Path dataDir, int port, Path logFile) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-jar", jar.toString(), "broker", "--dir", dataDir.toString(), "--port",
                Integer.toString(port));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        AppProcess broker = new AppProcess(process, -1, logFile);
        broker.awaitBroker("127.0.0.1:" + port, Duration.ofMinutes(2));
        return broker;
    }

    private void awaitBroker(String bootstrap, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        // The plaintext listener of the broker process just started (`streamrec broker` has no SASL listener here).
        try (Admin admin = new KafkaClients(bootstrap, Map.of()).admin(Map.of(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
            while (true) {
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException | TimeoutException notYet) {
                    if (System.nanoTime() > deadline || !isAlive()) {
                        throw new IllegalStateException("broker at " + bootstrap + " did not start; see " + log);
                    }
                    Thread.sleep(500);
                }
            }
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int httpPort() {
        return httpPort;
    }

    public String hostPort() {
        return "127.0.0.1:" + httpPort;
    }

    public HttpResponse<byte[]> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** What the process printed so far. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    /** Waits until {@code /health/ready} answers 200. */
    public void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("app exited with " + process.exitValue() + "; log: " + log);
            }
            try {
                if (get("/health/ready", null).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("app not ready within " + timeout + "; log: " + log);
    }

    /** SIGTERM, then waits for the graceful shutdown; returns the exit code. */
    public int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
        }
        return process.exitValue();
    }

    /** Waits for the process to end by itself; returns its exit status, or -1 if it still runs after the timeout. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /** SIGKILL: no shutdown hook, no commit, no leave-group. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(30));
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
