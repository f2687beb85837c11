package io.streamrec.tools.chaos;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The short fault-injection run (30 s, one SIGKILL and restart) with processes of the packaged jar. */
class ChaosIT {

    @Test
    void shouldLoseNothingDoubleNothingAndDeadLetterEveryBadRecordThroughAKill(@TempDir Path work) throws Exception {
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
        assertTrue(last.matches("lost=0 doubled=0 stale=0 dlq_expected=(\\d+) dlq_found=\\1"), last);
        assertTrue(!last.startsWith("lost=0 doubled=0 stale=0 dlq_expected=0 "), "bad records were injected");
    }
}
