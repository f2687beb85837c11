package io.streamrec.tools.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A producer that is not Java: Python's confluent-kafka (librdkafka) with its default partitioner
 * ({@code consistent_random}, CRC32 of the key, where Java uses murmur2), run as a small sidecar process
 * ({@code librdkafka_producer.py}, shipped in the jar). Records go to its stdin, one JSON per line; its stdout
 * answers one delivery report per record, which completes the record's {@link Callback} exactly as the Java
 * producer's callback would: only an acknowledged record counts.
 */
final class LibrdkafkaProducer implements AutoCloseable {
    private static final String SCRIPT = "librdkafka_producer.py";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> INTERPRETERS = List.of("/usr/bin/python3", "python3");

    /** Completes once per record: {@code error} is null when the broker acknowledged it. */
    interface Callback {
        void onCompletion(Exception error);
    }

    private final Process process;
    private final BufferedWriter in;
    private final Thread reader;
    private final Map<Long, Callback> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final String version;
    private final BufferedReader reports;

    private LibrdkafkaProducer(Process process, BufferedReader reports, String version) {
        this.process = process;
        this.reports = reports;
        this.version = version;
        this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.reader = new Thread(this::readReports, "librdkafka-reports");
        this.reader.setDaemon(true);
    }

    /**
     * The Python interpreter that has confluent-kafka (Debian's {@code /usr/bin/python3} first: the
     * {@code python3} first on PATH may be another one), or null when none has.
     */
    static String findPython() {
        for (String python : INTERPRETERS) {
            try {
                Process probe = new ProcessBuilder(python, "-c", "import confluent_kafka")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0) {
                    return python;
                }
                probe.destroyForcibly();
            } catch (IOException e) {
                // no such interpreter
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    /**
     * Extracts the sidecar script into {@code dir}, starts it with {@code python} against {@code bootstrap}
     * (stderr to {@code log}) and waits for its ready line.
     */
    static LibrdkafkaProducer start(String python, Path dir, String bootstrap, Path log) throws IOException {
        Path script = dir.resolve(SCRIPT);
        try (InputStream resource = LibrdkafkaProducer.class.getResourceAsStream(SCRIPT)) {
            if (resource == null) {
                throw new IOException(SCRIPT + " is missing from the jar");
            }
            Files.copy(resource, script, StandardCopyOption.REPLACE_EXISTING);
        }
        Process process = new ProcessBuilder(python, script.toString(), bootstrap)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String ready = out.readLine();
        if (ready == null || !ready.startsWith("ready ")) {
            process.destroyForcibly();
            throw new IOException("the librdkafka producer did not start (" + ready + "); see " + log);
        }
        LibrdkafkaProducer producer = new LibrdkafkaProducer(process, out, ready.substring("ready ".length()));
        producer.reader.start();
        return producer;
    }

    /** "librdkafka 2.0.2": the client library the sidecar runs. */
    String version() {
        return version;
    }

    /** Sends one record ({@code value} null: a tombstone) with timestamp {@code ts}; thread-safe. */
    void send(String topic, String key, byte[] value, long ts, Callback callback) {
        long id = ids.incrementAndGet();
        ObjectNode line = JSON.createObjectNode().put("id", id).put("topic", topic).put("key", key).put("ts", ts);
        if (value == null) {
            line.putNull("value");
        } else {
            line.put("value", new String(value, StandardCharsets.UTF_8));
        }
        pending.put(id, callback);
        try {
            synchronized (in) {
                in.write(line.toString());
                in.newLine();
                in.flush();
            }
        } catch (IOException e) {
            Callback mine = pending.remove(id);
            if (mine != null) {
                mine.onCompletion(new IOException("the librdkafka producer is gone: " + e.getMessage(), e));
            }
        }
    }

    private void readReports() {
        try {
            String line;
            while ((line = reports.readLine()) != null) {
                String[] parts = line.split(" ", 3);
                if (parts.length < 2) {
                    continue;
                }
                Callback callback = pending.remove(Long.parseLong(parts[1]));
                if (callback != null) {
                    callback.onCompletion(parts[0].equals("ok") ? null
                            : new IOException("librdkafka: " + (parts.length > 2 ? parts[2] : "failed")));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process ended; whatever is pending fails below
        }
        failPending("the librdkafka producer exited before reporting");
    }

    private void failPending(String why) {
        for (Long id : new ArrayList<>(pending.keySet())) {
            Callback callback = pending.remove(id);
            if (callback != null) {
                callback.onCompletion(new IOException(why));
            }
        }
    }

    /** Ends its input and waits until it has reported every record (it waits on the broker up to 5 min). */
    @Override
    public void close() throws InterruptedException {
        try {
            synchronized (in) {
                in.close();
            }
        } catch (IOException e) {
            // already gone
        }
        if (!process.waitFor(Duration.ofMinutes(6).toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
        }
        reader.join(TimeUnit.SECONDS.toMillis(30));
        failPending("the librdkafka producer was stopped before reporting");
    }
}
