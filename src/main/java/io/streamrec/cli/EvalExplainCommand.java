package io.streamrec.cli;

import io.streamrec.explain.Explainer;
import io.streamrec.metrics.PipelineMetrics;
import io.streamrec.ranking.RankingSettings;
import io.streamrec.scoring.BatchScorer;
import io.streamrec.scoring.Device;
import io.streamrec.scoring.InferenceOptions;
import io.streamrec.scoring.SessionModel;
import io.streamrec.session.SessionBounds;
import io.streamrec.tools.sim.ExplanationEval;
import io.streamrec.tools.sim.ShopperSimulator;
import io.streamrec.tools.sim.SimulatorSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code streamrec eval-explain}: does the history item an explanation names share the item's category? */
@Command(name = "eval-explain", mixinStandardHelpOptions = true,
        description = "Replays simulated shoppers through the serving domain (sessions, the model, the ranker, the "
                + "explainer; no Kafka) and explains the user's list at every N-th event. For the model's items it "
                + "prints how often the named history item shares the item's category, against chance (a random "
                + "other item of the user's window) and the most recent other item, and the explainer's time per list.")
public final class EvalExplainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SimulatedReplayOptions replay;

    @Option(names = "--events", defaultValue = "200000", description = "Events to replay (default: ${DEFAULT-VALUE})")
    int events;

    @Option(names = "--every", defaultValue = "20",
            description = "Explain the list at every N-th event (default: ${DEFAULT-VALUE})")
    int every;

    @Option(names = "--json", description = "Also print the figures as one JSON line")
    boolean json;

    @Override
    public Integer call() {
        if (events < 1) throw new ParameterException(spec.commandLine(), "--events must be >= 1");
        if (every < 1) throw new ParameterException(spec.commandLine(), "--every must be >= 1");
        SimulatorSettings simulation = replay.simulation(spec);
        Path dir = replay.modelDir();
        long started = System.nanoTime();
        ExplanationEval.Result result;
        try (SessionModel model = SessionModel.load(dir, new InferenceOptions(Device.CPU, 1))) {
            if (model.itemEmbeddings().isEmpty()) {
                spec.commandLine().getErr().println(dir + " has no item table (item_embeddings.f32): model items "
                        + "cannot name a history item; add it with `python -m streamrec_model embeddings " + dir + "`");
                return 1;
            }
            BatchScorer scorer = new BatchScorer(32, true, new PipelineMetrics());
            SessionBounds bounds = SimulatedReplayOptions.APP_SESSION_BOUNDS;
            ExplanationEval eval = new ExplanationEval(new ShopperSimulator(simulation).catalog(),
                    sessions -> scorer.score(model, sessions), model.manifest().popularItems(),
                    model.vocabulary()::contains, RankingSettings.rules(Map.of()), bounds, Explainer.of(model),
                    new Explainer(model.vocabulary(), model.itemEmbeddings(), model.maxLen(), Explainer.Measure.COSINE),
                    model.maxLen());
            result = eval.run(SimulatedReplayOptions.limited(new ShopperSimulator(simulation), events), every, model.vocabulary()::contains);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        print(spec.commandLine().getOut(), result, seconds);
        return 0;
    }

    private void print(PrintWriter out, ExplanationEval.Result r, double seconds) {
        ExplanationEval.Named d = r.dot();
        out.printf(Locale.ROOT, "explanations: %d lists, %d model items (%d events, every %d-th explained, %d users, "
                + "seed %d, %.0f s)%n", r.lists(), r.modelItems(), r.events(), every, replay.users, replay.seed, seconds);
        out.printf(Locale.ROOT, "  model items with another history item to name: %d; named another item %d, the item "
                + "itself %d, none similar ('model') %d%n", d.comparable(), d.namedOther(), d.namedSelf(), d.unexplained());
        out.printf(Locale.ROOT, "  same category as the recommended item: named item %.4f ± %.4f, random history item "
                + "(chance) %.4f, most recent history item %.4f%n", d.sameRate(), d.sameRateStandardError(),
                d.chanceRate(), d.lastItemRate());
        out.printf(Locale.ROOT, "  complementary category: named item %.4f, chance %.4f%n", d.complementRate(),
                d.chanceComplementRate());
        ExplanationEval.Named c = r.cosine();
        out.printf(Locale.ROOT, "  by cosine instead of dot product: named another item %d, same category %.4f "
                + "(chance %.4f), complementary %.4f%n", c.namedOther(), c.sameRate(), c.chanceRate(), c.complementRate());
        out.printf(Locale.ROOT, "  CPU per list: explain %.1f µs (ranking %.1f µs)%n", r.explainNanos() / 1e3,
                r.rankNanos() / 1e3);
        if (json) {
            out.printf(Locale.ROOT, "{\"events\":%d,\"users\":%d,\"seed\":%d,\"every\":%d,\"lists\":%d,\"model_items\":%d,"
                            + "\"comparable\":%d,\"named_other\":%d,\"named_self\":%d,\"unexplained\":%d,"
                            + "\"same_category\":%.6f,\"same_category_se\":%.6f,\"chance_same_category\":%.6f,"
                            + "\"last_item_same_category\":%.6f,\"complement_category\":%.6f,"
                            + "\"chance_complement_category\":%.6f,\"cosine_same_category\":%.6f,"
                            + "\"cosine_chance_same_category\":%.6f,\"explain_us_per_list\":%.2f,"
                            + "\"rank_us_per_list\":%.2f,\"seconds\":%.1f}%n",
                    r.events(), replay.users, replay.seed, every, r.lists(), r.modelItems(), d.comparable(),
                    d.namedOther(),
                    d.namedSelf(), d.unexplained(), d.sameRate(), d.sameRateStandardError(), d.chanceRate(),
                    d.lastItemRate(), d.complementRate(), d.chanceComplementRate(), c.sameRate(), c.chanceRate(),
                    r.explainNanos() / 1e3, r.rankNanos() / 1e3, seconds);
        }
        out.flush();
    }

}
