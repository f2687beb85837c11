package io.streamrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code streamrec run} does not serve user data to the network without a token: with the defaults it stops
 * before loading the model or reaching Kafka, names the settings that would let it start, and exits 2.
 */
class RunHttpExposureTest {

    @Test
    void shouldRefuseToServeUserDataWithoutATokenByDefault(@TempDir Path tmp) {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("run", "--bootstrap", "127.0.0.1:1", "--http-port", "0", "--model", tmp.toString(),
                "--set", "http.advertised.host=10.11.12.13");

        assertEquals(Main.EXIT_BAD_SETUP, exit, err.toString());
        assertTrue(err.toString().contains("http.auth.token") && err.toString().contains("http.trusted.network"),
                err.toString());
    }

    @Test
    void shouldGetPastTheHttpCheckWithATokenOrOnATrustedNetwork(@TempDir Path tmp) {
        for (String setting : new String[] {"http.auth.token=s3cret", "http.trusted.network=true"}) {
            StringWriter err = new StringWriter();
            CommandLine cli = Main.commandLine();
            cli.setErr(new PrintWriter(err));

            int exit = cli.execute("run", "--bootstrap", "127.0.0.1:1", "--http-port", "0", "--model", tmp.toString(),
                    "--set", "http.advertised.host=10.11.12.13", "--set", setting);

            assertEquals(Main.EXIT_BAD_SETUP, exit, err.toString());
            assertTrue(err.toString().contains("model.json"), setting + ": stops at the (empty) model instead: " + err);
        }
    }
}
