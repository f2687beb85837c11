package io.streamrec.tools.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.tools.chaos.AppProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a newcomer sees from {@code make demo}: the packaged jar's demo (embedded broker, topics, app, shoppers),
 * short, must end with its summary line and print no stack trace and no exception, on stdout or stderr.
 */
class DemoIT {

    @Test
    void shouldRunAShortDemoWithoutAStackTrace(@TempDir Path tmp) throws Exception {
        Path output = tmp.resolve("demo.out");
        Process demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dstreamrec.home=.", "-Djava.io.tmpdir=" + tmp, "-jar", AppProcess.JAR.toString(),
                "demo", "--duration", "3s", "--http-port", "0")
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean ended = demo.waitFor(150, TimeUnit.SECONDS);
        if (!ended) {
            demo.destroyForcibly().waitFor();
        }
        List<String> lines = Files.readAllLines(output);
        String text = String.join("\n", lines);
        assertTrue(ended, "the demo did not end:\n" + text);
        assertEquals(0, demo.exitValue(), text);
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("summary: events=")), text);
        List<String> traces = lines.stream()
                .filter(line -> line.startsWith("\tat ") || line.contains("Exception")).toList();
        assertEquals(List.of(), traces, "no stack trace from a healthy demo:\n" + text);
    }
}
