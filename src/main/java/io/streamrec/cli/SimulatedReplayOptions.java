package io.streamrec.cli;

import io.streamrec.events.Event;
import io.streamrec.session.SessionBounds;
import io.streamrec.tools.sim.ShopperSimulator;
import io.streamrec.tools.sim.SimulatorSettings;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options and set-up shared by the commands that replay simulated shoppers through the serving domain without
 * Kafka ({@code eval-cart}, {@code eval-explain}): who shops, which model scores.
 */
final class SimulatedReplayOptions {
    /** The app's defaults for session.max.len, purchased.max, event.dedupe.window. */
    static final SessionBounds APP_SESSION_BOUNDS = new SessionBounds(50, 100, 64);

    @Option(names = "--users", defaultValue = "1000", description = "Simulated shoppers (default: ${DEFAULT-VALUE})")
    int users;

    @Option(names = "--seed", defaultValue = "42",
            description = "Simulator seed; the bundled model was trained on seed 42's catalog (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--model", description = "Model directory (default: streams-app/model under the install directory)")
    Path modelDir;

    /** The simulator's settings for these options; a bad value is the command line's error. */
    SimulatorSettings simulation(CommandSpec spec) {
        try {
            return SimulatorSettings.defaults().withSeed(seed).withUsers(users);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    Path modelDir() {
        return modelDir != null ? modelDir
                : Path.of(System.getProperty("streamrec.home", "."), "streams-app", "model");
    }

    /** The first {@code count} events of the simulator. */
    static Iterator<Event> limited(ShopperSimulator simulator, int count) {
        return new Iterator<>() {
            private int left = count;

            @Override
            public boolean hasNext() {
                return left > 0;
            }

            @Override
            public Event next() {
                if (left <= 0) throw new NoSuchElementException();
                left--;
                return simulator.next();
            }
        };
    }
}
