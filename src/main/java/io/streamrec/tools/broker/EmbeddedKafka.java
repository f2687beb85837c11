package io.streamrec.tools.broker;

import io.streamrec.kafka.KafkaClients;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running inside this JVM.
 *
 * <p>Listens on two free loopback ports (clients, controller) chosen at {@link #start}; {@link #stop()} and
 * {@link #restart()} keep both ports and the data directory, so clients reconnect to the same address and
 * see the same data. Internal topics use replication factor 1, so consumer groups and transactions
 * (Kafka Streams {@code exactly_once_v2}) work. Automatic topic creation is off: apply {@code topics/topics.yaml}.
 *
 * <p>Layout of the data directory: {@code server.properties} and {@code logs/}. An already formatted
 * directory is reused, with its data.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path dataDir;
    private final Properties serverProperties;
    private final int brokerPort;
    private final int saslPort;
    private final Thread shutdownHook;
    private KafkaRaftServer server;
    private boolean closed;

    private EmbeddedKafka(Path dataDir, Properties serverProperties, int brokerPort, int saslPort) {
        this.dataDir = dataDir;
        this.serverProperties = serverProperties;
        this.brokerPort = brokerPort;
        this.saslPort = saslPort;
        // Broker threads are not daemons: without this hook an un-closed broker keeps the JVM alive.
        this.shutdownHook = new Thread(this::stopQuietly, "embedded-kafka-shutdown");
    }

    /** Formats {@code dataDir} if needed and starts a broker on two free loopback ports. */
    public static EmbeddedKafka start(Path dataDir) {
        return start(dataDir, 0, Map.of());
    }

    /**
     * Starts a broker on {@code brokerPort} (0: any free port) with extra server properties, e.g.
     * {@code Map.of("auto.create.topics.enable", "true")}.
     */
    public static EmbeddedKafka start(Path dataDir, int brokerPort, Map<String, String> overrides) {
        return start(dataDir, brokerPort, overrides, Map.of());
    }

    /**
     * As {@link #start(Path, int, Map)}; with {@code scramUsers} (name to password) not empty, the broker also
     * listens on {@link #saslBootstrapServers()}, which requires SASL/SCRAM-SHA-256 as one of those users
     * (created when the data directory is first formatted).
     */
    public static EmbeddedKafka start(Path dataDir, int brokerPort, Map<String, String> overrides,
                                      Map<String, String> scramUsers) {
        int[] ports = FreePorts.pick(3);
        int clientPort = brokerPort == 0 ? ports[0] : brokerPort;
        int[] others = java.util.Arrays.stream(ports).filter(p -> p != clientPort).toArray();
        int controllerPort = others[0];
        int saslPort = scramUsers.isEmpty() ? 0 : others[1];
        Path logDir = dataDir.resolve("logs");
        Properties props = BrokerProperties.singleNode(logDir, clientPort, controllerPort, saslPort, overrides);
        StorageFormatter.formatIfNeeded(dataDir.resolve("server.properties"), logDir, props, scramUsers);

        EmbeddedKafka kafka = new EmbeddedKafka(dataDir, props, clientPort, saslPort);
        Runtime.getRuntime().addShutdownHook(kafka.shutdownHook);
        try {
            kafka.startServer();
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        return kafka;
    }

    /** {@code host:port} for {@code bootstrap.servers}; stays the same across {@link #restart()}. */
    public String bootstrapServers() {
        return BrokerProperties.HOST + ":" + brokerPort;
    }

    /** {@code host:port} of the SASL/SCRAM listener; only when started with SCRAM users. */
    public String saslBootstrapServers() {
        if (saslPort == 0) {
            throw new IllegalStateException("this broker was started without SCRAM users");
        }
        return BrokerProperties.HOST + ":" + saslPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Shuts the broker down cleanly, keeping its ports reserved in this object and its data on disk. */
    public synchronized void stop() {
        if (server == null) return;
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            server = null;
        }
    }

    /** Stops the broker if it runs, then starts it again on the same ports with the same data. */
    public synchronized void restart() {
        if (closed) throw new IllegalStateException("broker is closed");
        stop();
        startServer();
    }

    /** Stops the broker for good; the data directory is left for its owner to delete. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // called from a shutdown hook: nothing to deregister
        }
    }

    private synchronized void startServer() {
        BrokerLogFilter.install();
        KafkaRaftServer starting = new KafkaRaftServer(KafkaConfig.fromProps(serverProperties, false), Time.SYSTEM);
        server = starting;
        starting.startup();
        awaitReady();
    }

    private void stopQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            System.err.println("embedded Kafka did not stop cleanly: " + e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        // The plaintext listener of a broker this JVM started: no client settings of the app apply.
        try (Admin admin = new KafkaClients(bootstrapServers(), Map.of()).admin(Map.of(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000))) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) return;
                } catch (ExecutionException | TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("broker at " + bootstrapServers()
                                + " not ready after " + READY_TIMEOUT, e);
                    }
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
    }
}
