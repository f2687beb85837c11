package io.streamrec.cli;

import io.streamrec.catalog.Catalog;
import io.streamrec.metrics.PipelineMetrics;
import io.streamrec.scoring.BatchScorer;
import io.streamrec.scoring.Device;
import io.streamrec.scoring.InferenceOptions;
import io.streamrec.scoring.SessionModel;
import io.streamrec.tools.sim.CartSurfaceEval;
import io.streamrec.tools.sim.ShopperSimulator;
import io.streamrec.tools.sim.SimulatorSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin
    SimulatedReplayOptions replay;

    @Option(names = "--events", defaultValue = "2000000", description = "Events to replay (default: ${DEFAULT-VALUE})")
    int events;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A ranking or catalog setting, e.g. "
            + "--set cart.complements.max=5 or --set copurchase.min.count=1 (default: the app's defaults)")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--json", description = "Also print the figures as one JSON line")
    boolean json;

    @Override
    public Integer call() {
        if (events < 1) throw new ParameterException(spec.commandLine(), "--events must be >= 1");
        SimulatorSettings simulation = replay.simulation(spec);
        CartSurfaceEval.Setup setup;
        try {
            setup = CartSurfaceEval.Setup.of(settings, SimulatedReplayOptions.APP_SESSION_BOUNDS);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Path dir = replay.modelDir();
        long started = System.nanoTime();
        CartSurfaceEval.Result result;
        try (SessionModel model = SessionModel.load(dir, new InferenceOptions(Device.CPU, 1))) {
            BatchScorer scorer = new BatchScorer(32, true, new PipelineMetrics());
            ShopperSimulator shop = new ShopperSimulator(simulation);
            CartSurfaceEval eval = new CartSurfaceEval(setup, Catalog.of(shop.initialCatalog()),
                    sessions -> scorer.score(model, sessions), model.manifest().popularItems(),
                    model.vocabulary()::contains);
            result = eval.run(() -> SimulatedReplayOptions.limited(new ShopperSimulator(simulation), events));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        print(spec.commandLine().getOut(), result, setup, seconds);
        return 0;
    }

    private void print(PrintWriter out, CartSurfaceEval.Result r, CartSurfaceEval.Setup setup, double seconds) {
        int k = setup.rules().topK();
        out.printf(Locale.ROOT, "cart surface: HR@%d over %d cart lists followed by a cart or purchase (of %d cart "
                + "events; %d events, %d users, seed %d, %.0f s)%n", k, r.scored(), r.lists(), r.events(), replay.users,
                replay.seed, seconds);
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
                    k, r.events(), replay.users, replay.seed, r.lists(), r.scored(), setup.rules().complementsMax(),
                    r.hitRateOn(), r.hitRateOff(), r.hitsOn(), r.hitsOff(), r.onlyOn(), r.onlyOff(), r.differenceStandardError(),
                    r.listsWithComplements(), r.purchasePairs(), r.complementPairs(), seconds);
        }
        out.flush();
    }

}
