package io.streamrec.tools.chaos;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short fault-injection run (30 s, one SIGKILL and restart) with processes of the packaged jar. Where Python's
 * confluent-kafka is installed (make test-setup), a third of the events and every erasure go through librdkafka
 * with its default partitioner, and the run must show them rerouted to their users' tasks.
 */
class ChaosIT {

    @Test
    void shouldLoseNothingDoubleNothingAndDeadLetterEveryBadRecordThroughAKill(@TempDir Path work) throws Exception {
        boolean librdkafka = LibrdkafkaProducer.findPython() != null;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ChaosRun run = new ChaosRun(ChaosRun.Plan.quick(), AppProcess.JAR, work, out);
        boolean passed;
        try {
            passed = run.run();
        } finally {
            run.shutdown();
        }
        String report = bytes.toString(StandardCharsets.UTF_8);
        System.out.print(report);
        assertTrue(passed, report);
        String last = report.strip().substring(report.strip().lastIndexOf('\n') + 1);
        assertTrue(last.matches("lost=0 doubled=0 stale=0 split=0 leaked=0 dlq_expected=(\\d+) dlq_found=\\1 "
                + "model_swap_s=\\d+\\.\\d"), last);
        assertTrue(report.contains("corrupt model refused; still serving chaos-v2"), report);
        assertTrue(!last.endsWith(" dlq_expected=0 dlq_found=0"), "bad records were injected");
        if (librdkafka) {
            Matcher mixed = Pattern.compile("producers: Java \\(murmur2\\) (\\d+) events; librdkafka \\S+ "
                    + "\\(default partitioner\\) (\\d+) events and every erasure").matcher(report);
            assertTrue(mixed.find() && Long.parseLong(mixed.group(1)) > 0 && Long.parseLong(mixed.group(2)) > 0,
                    "both producers' events were acknowledged:\n" + report);
            Matcher rerouted = Pattern.compile("counters of the live instances\\): \\{[^}]*wrong_partition=(\\d+)")
                    .matcher(report);
            assertTrue(rerouted.find() && Long.parseLong(rerouted.group(1)) > 0,
                    "librdkafka's records took the repartition hop:\n" + report);
        } else {
            System.out.println("ChaosIT: python3-confluent-kafka is not installed; everything was sent from Java");
        }
    }
}
