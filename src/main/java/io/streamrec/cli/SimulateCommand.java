package io.streamrec.cli;

import io.streamrec.catalog.CatalogCodec;
import io.streamrec.catalog.CatalogItem;
import io.streamrec.events.Event;
import io.streamrec.events.EventCodec;
import io.streamrec.events.EventType;
import io.streamrec.tools.sim.ShopperSimulator;
import io.streamrec.tools.sim.SimulatorSettings;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code streamrec simulate}: writes deterministic simulated shopper events to a JSON-lines file (the model's
 * training input), and optionally the shop's catalog to another.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Writes simulated shopper events (click, cart, purchase) as JSON lines. "
                + "The same seed and options always give the same events.")
public class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--users", defaultValue = "1000", description = "Number of users u1..uN (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--events", required = true, description = "Number of events to write.")
    long events;

    @Option(names = "--out", required = true, description = "Output file; '-' for standard output.")
    String out;

    @Option(names = "--catalog-out", description = "Also write the shop's catalog here: one `items` record value "
            + "(item, category, available, price) per line, every item available.")
    Path catalogOut;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--items", defaultValue = "1000", description = "Catalog size sku-1..sku-N (default: ${DEFAULT-VALUE}).")
    int items;

    @Option(names = "--categories", defaultValue = "20", description = "Number of categories (default: ${DEFAULT-VALUE}).")
    int categories;

    @Option(names = "--mean-gap", defaultValue = "100ms", converter = DurationConverter.class,
            description = "Mean time between consecutive events (default: ${DEFAULT-VALUE}).")
    Duration meanGap;

    @Option(names = "--start", description = "Timestamp of the first event, ISO-8601 (default: so that the "
            + "last event is about now).")
    Instant start;

    @Override
    public Integer call() throws IOException {
        if (events < 0) throw new ParameterException(spec.commandLine(), "--events must be >= 0");
        SimulatorSettings settings = settings();
        ShopperSimulator simulator = new ShopperSimulator(settings);
        EventCodec codec = new EventCodec();
        Map<EventType, Long> counts = new EnumMap<>(EventType.class);
        try (OutputStream output = open()) {
            for (long i = 0; i < events; i++) {
                Event event = simulator.next();
                output.write(codec.write(event));
                output.write('\n');
                counts.merge(event.type(), 1L, Long::sum);
            }
        }
        PrintWriter report = "-".equals(out) ? spec.commandLine().getErr() : spec.commandLine().getOut();
        report.printf("wrote %d events (%s) for %d users, from %s, to %s%n", events, shares(counts), users,
                settings.start(), out);
        if (catalogOut != null) {
            report.printf("wrote %d catalog items to %s%n", writeCatalog(simulator), catalogOut);
        }
        report.flush();
        return 0;
    }

    private SimulatorSettings settings() {
        Instant first = start != null ? start : Instant.now().minus(meanGap.multipliedBy(events));
        try {
            return SimulatorSettings.defaults().withSeed(seed).withUsers(users).withCatalog(items, categories)
                    .withTimeline(first, meanGap);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private int writeCatalog(ShopperSimulator simulator) throws IOException {
        CatalogCodec codec = new CatalogCodec();
        if (catalogOut.getParent() != null) Files.createDirectories(catalogOut.getParent());
        try (OutputStream output = new BufferedOutputStream(Files.newOutputStream(catalogOut), 1 << 16)) {
            for (CatalogItem item : simulator.initialCatalog()) {
                output.write(codec.write(item));
                output.write('\n');
            }
        }
        return simulator.initialCatalog().size();
    }

    private OutputStream open() throws IOException {
        if ("-".equals(out)) return new BufferedOutputStream(System.out) {
            @Override
            public void close() throws IOException {
                flush(); // leave System.out open
            }
        };
        Path path = Path.of(out);
        if (path.getParent() != null) Files.createDirectories(path.getParent());
        return new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
    }

    private String shares(Map<EventType, Long> counts) {
        StringBuilder text = new StringBuilder();
        for (EventType type : EventType.values()) {
            long count = counts.getOrDefault(type, 0L);
            if (text.length() > 0) text.append(", ");
            text.append(String.format("%s %d = %.2f%%", type.wireName(), count, events == 0 ? 0 : 100.0 * count / events));
        }
        return text.toString();
    }
}
