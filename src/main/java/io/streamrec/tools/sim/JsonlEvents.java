package io.streamrec.tools.sim;

import io.streamrec.events.Event;
import io.streamrec.events.EventCodec;
import io.streamrec.events.InvalidEventException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Streams the events of a JSON-lines file (one event per line, as {@link EventCodec} writes them).
 * Blank lines are ignored; invalid lines are skipped and counted, the first one remembered.
 */
public final class JsonlEvents implements Iterator<Event>, AutoCloseable {
    private final BufferedReader reader;
    private final EventCodec codec;
    private final Path file;
    private Event pending;
    private long lineNumber;
    private long skipped;
    private String firstProblem;

    public JsonlEvents(Path file, EventCodec codec) throws IOException {
        this.file = file;
        this.codec = codec;
        this.reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
    }

    @Override
    public boolean hasNext() {
        while (pending == null) {
            String line = readLine();
            if (line == null) return false;
            lineNumber++;
            if (line.isBlank()) continue;
            try {
                pending = codec.parse(line.getBytes(StandardCharsets.UTF_8));
            } catch (InvalidEventException e) {
                skipped++;
                if (firstProblem == null) firstProblem = file + " line " + lineNumber + ": " + e.getMessage();
            }
        }
        return true;
    }

    @Override
    public Event next() {
        if (!hasNext()) throw new NoSuchElementException();
        Event event = pending;
        pending = null;
        return event;
    }

    public long skipped() {
        return skipped;
    }

    /** The first skipped line and why, or null. */
    public String firstProblem() {
        return firstProblem;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    private String readLine() {
        try {
            return reader.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }
}
