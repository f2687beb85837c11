package io.streamrec.cli;

import io.streamrec.kafka.KafkaClients;
import io.streamrec.tools.sim.EventProducer;
import io.streamrec.tools.sim.ProducePlan;
import io.streamrec.tools.sim.ProduceStats;
import io.streamrec.tools.sim.ShopperSimulator;
import io.streamrec.tools.sim.SimulatorSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code streamrec produce}: publishes events from a JSONL file or the live simulator at a target rate. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = {"Publishes events to their input topics (events.click, events.cart, events.purchase), "
                + "keyed by user, with an idempotent acks=all producer, at a target rate.",
                "Stops at --count or --duration, at the end of --file, or on Ctrl-C, then prints what was sent.",
                "Exit status: 0 when every event was acknowledged, 1 when any failed."})
public class ProduceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap", required = true, description = "Kafka bootstrap servers, HOST:PORT[,...].")
    String bootstrap;

    @Option(names = "--rate", required = true, description = "Target events per second; 0 = as fast as possible.")
    double rate;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Limit limit;

    @Option(names = "--seed", defaultValue = "42", description = "With --simulate: random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--users", defaultValue = "1000", description = "With --simulate: number of users (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--items", defaultValue = "1000", description = "With --simulate: catalog size (default: ${DEFAULT-VALUE}).")
    int items;

    @Option(names = "--categories", defaultValue = "20", description = "With --simulate: categories (default: ${DEFAULT-VALUE}).")
    int categories;

    @Option(names = "--property", paramLabel = "KEY=VALUE",
            description = "Kafka client setting, repeatable: a kafka.* setting of the app without that prefix "
                    + "(e.g. security.protocol=SASL_SSL, producer.linger.ms=20).")
    Map<String, String> properties = new LinkedHashMap<>();

    static class Source {
        @Option(names = "--file", required = true, description = "JSON-lines file of events (see `simulate`).")
        Path file;

        @Option(names = "--simulate", required = true, description = "Generate live events, stamped with the current time.")
        boolean simulate;
    }

    static class Limit {
        @Option(names = "--count", required = true, description = "Stop after this many events.")
        long count;

        @Option(names = "--duration", required = true, converter = DurationConverter.class,
                description = "Stop after this long, e.g. 30s, 5m.")
        Duration duration;
    }

    @Override
    public Integer call() throws IOException {
        ProducePlan plan = plan();
        CountDownLatch finished = new CountDownLatch(1);
        try (EventProducer producer = new EventProducer(new KafkaClients(bootstrap, properties), Map.of())) {
            Thread stopOnCtrlC = new Thread(() -> {
                producer.requestStop();
                awaitQuietly(finished);
            }, "produce-shutdown");
            Runtime.getRuntime().addShutdownHook(stopOnCtrlC);
            try {
                ProduceStats stats = source.file != null ? producer.produce(source.file, plan)
                        : producer.produce(simulator(), plan);
                spec.commandLine().getOut().println(stats.render());
                spec.commandLine().getOut().flush();
                return stats.failed() == 0 ? 0 : 1;
            } finally {
                finished.countDown();
                removeHook(stopOnCtrlC);
            }
        } catch (IllegalStateException | IllegalArgumentException | KafkaException e) {
            spec.commandLine().getErr().println("produce: " + e.getMessage());
            return 1;
        }
    }

    private ProducePlan plan() {
        try {
            if (limit == null) return ProducePlan.unlimited(rate);
            return limit.duration != null ? ProducePlan.duration(rate, limit.duration) : ProducePlan.count(rate, limit.count);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private ShopperSimulator simulator() {
        try {
            SimulatorSettings settings = SimulatorSettings.defaults().withSeed(seed).withUsers(users)
                    .withCatalog(items, categories);
            return new ShopperSimulator(settings, Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it waits for us to finish
        }
    }
}
