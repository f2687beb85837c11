package io.streamrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {

    @Test
    void shouldRefuseABadModelDirectoryWithAClearMessageAndExitCode2(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("model.json"), "{\"version\": \"x\"}");
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("run", "--bootstrap", "127.0.0.1:1", "--model", tmp.toString(), "--http-port", "-1");

        assertEquals(Main.EXIT_BAD_SETUP, exit);
        assertTrue(err.toString().contains("model.json"), err.toString());
    }

    @Test
    void shouldRefuseAnUnknownSettingNamingIt() {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err));

        assertEquals(Main.EXIT_BAD_SETUP, cli.execute("run", "--set", "batch.size=3"));
        assertTrue(err.toString().contains("unknown setting 'batch.size'"), err.toString());
    }
}
