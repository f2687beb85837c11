package io.streamrec.cli;

import io.streamrec.catalog.Catalog;
import io.streamrec.events.Event;
import io.streamrec.metrics.PipelineMetrics;
import io.streamrec.scoring.BatchScorer;
import io.streamrec.scoring.Device;
import io.streamrec.scoring.InferenceOptions;
import io.streamrec.scoring.SessionModel;
import io.streamrec.session.SessionBounds;
import io.streamrec.tools.sim.CartSurfaceEval;
import io.streamrec.tools.sim.ShopperSimulator;
import io.streamrec.tools.sim.SimulatorSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code streamrec eval-cart}: HR@K of the list shown after a cart event, with the cart rule on and off. */
@Command(name = "eval-cart", mixinStandardHelpOptions = true,
        description = "Replays simulated shoppers through the serving domain (sessions, co-purchase counts, "
                + "trending, the model, the ranker; no Kafka) and, at every cart event, ranks the top K with the cart "
                + "rule (cart.complements.max) and without it: a hit when the user's next cart or purchase is of a "
                + "listed item. Prints HR@K on and off.")
public final class EvalCartCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--users", defaultValue = "1000", description = "Simulated shoppers (default: ${DEFAULT-VALUE})")
    int users;

    @Option(names = "--events", defaultValue = "2000000", description = "Events to replay (default: ${DEFAULT-VALUE})")
    int events;

    @Option(names = "--seed", defaultValue = "42",
            description = "Simulator seed; the bundled model was trained on seed 42's catalog (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--model", description = "Model directory (default: streams-app/model under the install directory)")
    Path modelDir;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A ranking or catalog setting, e.g. "
            + "--set cart.complements.max=5 or --set copurchase.min.count=1 (default: the app's defaults)")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--json", description = "Also print the figures as one JSON line")
    boolean json;

    @Override
    public Integer call() {
        if (events < 1) throw new ParameterException(spec.commandLine(), "--events must be >= 1");
        SimulatorSettings simulation;
        CartSurfaceEval.Setup setup;
        try {
            simulation = SimulatorSettings.defaults().withSeed(seed).withUsers(users);
            // the app's defaults for session.max.len, purchased.max, event.dedupe.window
            setup = CartSurfaceEval.Setup.of(settings, new SessionBounds(50, 100, 64));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Path dir = modelDir != null ? modelDir
                : Path.of(System.getProperty("streamrec.home", "."), "streams-app", "model");
        long started = System.nanoTime();
        CartSurfaceEval.Result result;
        try (SessionModel model = SessionModel.load(dir, new InferenceOptions(Device.CPU, 1))) {
            BatchScorer scorer = new BatchScorer(32, true, new PipelineMetrics());
            ShopperSimulator shop = new ShopperSimulator(simulation);
            CartSurfaceEval eval = new CartSurfaceEval(setup, Catalog.of(shop.initialCatalog()),
                    sessions -> scorer.score(model, sessions), model.manifest().popularItems(),
                    model.vocabulary()::contains);
            result = eval.run(() -> limited(new ShopperSimulator(simulation), events));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        print(spec.commandLine().getOut(), result, setup, seconds);
        return 0;
    }

    private void print(PrintWriter out, CartSurfaceEval.Result r, CartSurfaceEval.Setup setup, double seconds) {
        int k = setup.rules().topK();
        out.printf(Locale.ROOT, "cart surface: HR@%d over %d cart lists followed by a cart or purchase (of %d cart "
                + "events; %d events, %d users, seed %d, %.0f s)%n", k, r.scored(), r.lists(), r.events(), users, seed,
                seconds);
        out.printf(Locale.ROOT, "  cart.complements.max=%d  HR@%d %.4f (%d hits)%n", setup.rules().complementsMax(), k,
                r.hitRateOn(), r.hitsOn());
        out.printf(Locale.ROOT, "  cart.complements.max=0  HR@%d %.4f (%d hits)%n", k, r.hitRateOff(), r.hitsOff());
        out.printf(Locale.ROOT, "  difference %+.4f ± %.4f (standard error); hit only with the rule %d, only without "
                        + "%d; lists with a complement the model had not proposed: %d%n",
                r.hitRateOn() - r.hitRateOff(), r.differenceStandardError(), r.onlyOn(), r.onlyOff(),
                r.listsWithComplements());
        out.printf(Locale.ROOT, "  co-purchase pairs at the end: %d counted, %d bought together at least "
                + "copurchase.min.count=%d times%n", r.purchasePairs(), r.complementPairs(), setup.minCount());
        if (json) {
            out.printf(Locale.ROOT, "{\"k\":%d,\"events\":%d,\"users\":%d,\"seed\":%d,\"cart_lists\":%d,\"scored\":%d,"
                            + "\"complements_max\":%d,\"hr_on\":%.6f,\"hr_off\":%.6f,\"hits_on\":%d,\"hits_off\":%d,"
                            + "\"only_on\":%d,\"only_off\":%d,\"difference_se\":%.6f,\"lists_with_complements\":%d,"
                            + "\"copurchase_pairs\":%d,\"complement_pairs\":%d,\"seconds\":%.1f}%n",
                    k, r.events(), users, seed, r.lists(), r.scored(), setup.rules().complementsMax(), r.hitRateOn(),
                    r.hitRateOff(), r.hitsOn(), r.hitsOff(), r.onlyOn(), r.onlyOff(), r.differenceStandardError(),
                    r.listsWithComplements(), r.purchasePairs(), r.complementPairs(), seconds);
        }
        out.flush();
    }

    private static Iterator<Event> limited(ShopperSimulator simulator, int count) {
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
