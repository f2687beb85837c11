package io.streamrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.catalog.CatalogCodec;
import io.streamrec.catalog.CatalogItem;
import io.streamrec.events.Event;
import io.streamrec.events.EventCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulateCommandTest {
    @TempDir
    Path dir;

    @Test
    void shouldWriteTheSameValidEventsForTheSameSeed() throws IOException {
        Path first = dir.resolve("a.jsonl");
        Path second = dir.resolve("b.jsonl");
        String[] options = {"--users", "50", "--events", "2000", "--seed", "3", "--items", "200", "--categories", "8",
                "--start", "2025-03-01T00:00:00Z"};

        assertEquals(0, run(concat(options, "--out", first.toString())));
        assertEquals(0, run(concat(options, "--out", second.toString())));

        List<String> lines = Files.readAllLines(first);
        assertEquals(2000, lines.size());
        assertEquals(lines, Files.readAllLines(second));
        EventCodec codec = new EventCodec();
        for (String line : lines) {
            Event event = codec.parse(line.getBytes(StandardCharsets.UTF_8));
            assertTrue(Integer.parseInt(event.user().substring(1)) <= 50, event.user());
            assertTrue(Integer.parseInt(event.item().substring(4)) <= 200, event.item());
        }
    }

    @Test
    void shouldWriteTheCatalogBesideTheEventsWithoutChangingThem() throws IOException {
        String[] options = {"--users", "50", "--events", "500", "--seed", "3", "--items", "200", "--categories", "8",
                "--start", "2025-03-01T00:00:00Z"};
        Path alone = dir.resolve("alone.jsonl");
        Path events = dir.resolve("events.jsonl");
        Path catalog = dir.resolve("catalog.jsonl");

        assertEquals(0, run(concat(options, "--out", alone.toString())));
        assertEquals(0, run(concat(options, "--out", events.toString(), "--catalog-out", catalog.toString())));

        assertEquals(Files.readAllLines(alone), Files.readAllLines(events));
        List<String> lines = Files.readAllLines(catalog);
        assertEquals(200, lines.size());
        CatalogCodec codec = new CatalogCodec();
        CatalogItem first = codec.parse("sku-1", lines.get(0).getBytes(StandardCharsets.UTF_8));
        assertTrue(first.available() && first.price() != null, first.toString());
        assertEquals(8, lines.stream().map(line -> codec.parse(null, line.getBytes(StandardCharsets.UTF_8)).category())
                .distinct().count());
    }

    @Test
    void shouldRejectImpossibleSettingsAsUsageErrors() {
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new SimulateCommand()).setErr(new PrintWriter(err));

        int status = command.execute("--events", "10", "--items", "5", "--categories", "4", "--out",
                dir.resolve("x.jsonl").toString());

        assertEquals(2, status);
        assertTrue(err.toString().contains("items must be >= 2 × categories"), err.toString());
    }

    private static int run(String... args) {
        return new CommandLine(new SimulateCommand()).setOut(new PrintWriter(new StringWriter())).execute(args);
    }

    private static String[] concat(String[] options, String... more) {
        String[] all = new String[options.length + more.length];
        System.arraycopy(options, 0, all, 0, options.length);
        System.arraycopy(more, 0, all, options.length, more.length);
        return all;
    }
}
