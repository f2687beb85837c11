package io.streamrec.tools.sim;

import io.streamrec.catalog.TrendingLookup;
import io.streamrec.catalog.CoPurchaseLookup;
import io.streamrec.events.Event;
import io.streamrec.explain.Explainer;
import io.streamrec.ranking.Lookups;
import io.streamrec.ranking.RankRequest;
import io.streamrec.ranking.Ranker;
import io.streamrec.ranking.RankingRules;
import io.streamrec.scoring.BatchScorer;
import io.streamrec.scoring.Reason;
import io.streamrec.scoring.ScoredItem;
import io.streamrec.session.Interaction;
import io.streamrec.session.SessionBounds;
import io.streamrec.session.SessionState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Are the explanations more than noise? Replays simulated shoppers through the serving domain — sessions ({@link
 * SessionState#apply}), the model's candidates, the {@link Ranker} with the shop's catalog (no trending, no
 * co-purchases: only model items are explained by history), the {@link Explainer} — and at every {@code every}-th
 * event explains the user's list. For each model item r whose user's window holds some other item the model knows,
 * it compares the category of the history item the explanation names with r's: the simulator's shoppers browse
 * within a category and from a category to its complement (phones → phone cases), so a named item that shares r's
 * category far more often than a history item drawn at random (the chance rate, computed exactly over the window's
 * distinct items other than r) is evidence the reason tracks what drives the list. The most recent other item is a
 * second, stronger baseline (shoppers stay in a category). Both measures are run ({@link Explainer.Measure#DOT}, what
 * the app uses, and {@link Explainer.Measure#COSINE}); the dot-product explainer's CPU time per list is measured.
 */
public final class ExplanationEval {
    private static final int SCORE_CHUNK = 1_024;

    /** The model side: one result per session, in order. */
    @FunctionalInterface
    public interface Scorer {
        List<BatchScorer.Scored> score(List<SessionState> sessions);
    }

    /** Counts for one measure over the model items with some other history item ("comparable" items). */
    public record Named(long comparable, long namedOther, long namedSelf, long unexplained, long sameCategory,
                        long complementCategory, double chanceSame, double chanceComplement, long lastSame) {
        /** Same-category share of the named items (other than r itself). */
        public double sameRate() {
            return namedOther == 0 ? Double.NaN : sameCategory / (double) namedOther;
        }

        public double complementRate() {
            return namedOther == 0 ? Double.NaN : complementCategory / (double) namedOther;
        }

        /** Same-category share of a uniformly random other history item, over the same items. */
        public double chanceRate() {
            return namedOther == 0 ? Double.NaN : chanceSame / namedOther;
        }

        public double chanceComplementRate() {
            return namedOther == 0 ? Double.NaN : chanceComplement / namedOther;
        }

        /** Same-category share of the most recent other history item, over the same items. */
        public double lastItemRate() {
            return namedOther == 0 ? Double.NaN : lastSame / (double) namedOther;
        }

        /** Binomial standard error of {@link #sameRate()}. */
        public double sameRateStandardError() {
            double p = sameRate();
            return namedOther < 2 ? Double.NaN : Math.sqrt(p * (1 - p) / namedOther);
        }
    }

    /**
     * @param lists          lists explained
     * @param modelItems     model items in them
     * @param dot            the app's explainer (dot products)
     * @param cosine         the cosine explainer, for comparison
     * @param explainNanos   dot-product explainer CPU time per list, mean over the chunks after the first fifth (warm-up)
     * @param rankNanos      ranker CPU time per list, same lists (for scale)
     */
    public record Result(long events, long lists, long modelItems, Named dot, Named cosine, double explainNanos,
                         double rankNanos) {
    }

    private final Catalog shop;
    private final Scorer scorer;
    private final Ranker ranker;
    private final Lookups lookups;
    private final Explainer dot;
    private final Explainer cosine;
    private final RankingRules rules;
    private final SessionBounds bounds;
    private final int window;

    /**
     * @param shop     the simulated shop (each item's category and its complement)
     * @param dot      the explainer the app uses; {@code cosine} the same over cosines
     * @param window   interactions an explanation looks at (the model's max_len)
     */
    public ExplanationEval(Catalog shop, Scorer scorer, List<String> popular, java.util.function.Predicate<String> known,
                           RankingRules rules, SessionBounds bounds, Explainer dot, Explainer cosine, int window) {
        this.shop = shop;
        this.scorer = scorer;
        this.rules = rules;
        this.ranker = new Ranker(rules, popular);
        this.lookups = new Lookups(io.streamrec.catalog.Catalog.of(shop.records()), TrendingLookup.NONE,
                CoPurchaseLookup.NONE, known);
        this.dot = dot;
        this.cosine = cosine;
        this.bounds = bounds;
        this.window = window;
    }

    public Result run(Iterator<Event> events, int every, java.util.function.Predicate<String> known) {
        Map<String, SessionState> sessions = new HashMap<>();
        List<SessionState> moments = new ArrayList<>(SCORE_CHUNK);
        Tally tally = new Tally(known);
        long count = 0;
        while (events.hasNext()) {
            Event event = events.next();
            SessionState session = sessions.computeIfAbsent(event.user(), user -> new SessionState());
            session.apply(event, bounds);
            if (count++ % every == 0) {
                moments.add(copyOf(session));
                if (moments.size() == SCORE_CHUNK) {
                    tally.add(moments, scorer.score(moments));
                    moments.clear();
                }
            }
        }
        if (!moments.isEmpty()) {
            tally.add(moments, scorer.score(moments));
        }
        return tally.result(count);
    }

    /** Accumulates the counts of both measures and the timings. */
    private final class Tally {
        private final java.util.function.Predicate<String> known;
        private final long[] dotCounts = new long[7];
        private final long[] cosineCounts = new long[7];
        private final double[] dotChance = new double[2];
        private final double[] cosineChance = new double[2];
        private final List<long[]> timings = new ArrayList<>();
        private long lists;
        private long modelItems;

        Tally(java.util.function.Predicate<String> known) {
            this.known = known;
        }

        /**
         * Ranks a chunk's lists, then explains them, each in one loop timed in this thread's CPU time (the machine
         * may be busy: wall-clock time would count the waits for a core).
         */
        void add(List<SessionState> moments, List<BatchScorer.Scored> scored) {
            List<RankRequest> requests = new ArrayList<>(moments.size());
            for (int i = 0; i < moments.size(); i++) {
                BatchScorer.Scored model = scored.get(i);
                if (!model.coldStart()) {
                    requests.add(RankRequest.of(model.candidates(), false, moments.get(i)));
                }
            }
            List<List<ScoredItem>> ranked = new ArrayList<>(requests.size());
            List<List<ScoredItem>> explained = new ArrayList<>(requests.size());
            long t0 = cpuNanos();
            for (RankRequest request : requests) {
                ranked.add(ranker.rank(request, lookups));
            }
            long t1 = cpuNanos();
            for (int i = 0; i < requests.size(); i++) {
                explained.add(dot.explain(ranked.get(i), requests.get(i), rules, lookups.catalog()));
            }
            long t2 = cpuNanos();
            if (!requests.isEmpty()) {
                timings.add(new long[] {t1 - t0, t2 - t1, requests.size()});
            }
            for (int i = 0; i < requests.size(); i++) {
                RankRequest request = requests.get(i);
                List<ScoredItem> list = ranked.get(i);
                List<ScoredItem> byDot = explained.get(i);
                List<ScoredItem> byCosine = cosine.explain(list, request, rules, lookups.catalog());
                lists++;
                List<String> others = distinctKnown(request.interactions());
                for (int j = 0; j < list.size(); j++) {
                    if (list.get(j).source() != ScoredItem.Source.MODEL) {
                        continue;
                    }
                    modelItems++;
                    count(list.get(j).item(), others, byDot.get(j).reason(), dotCounts, dotChance);
                    count(list.get(j).item(), others, byCosine.get(j).reason(), cosineCounts, cosineChance);
                }
            }
        }

        /** The window's distinct known sim items, newest first. */
        private List<String> distinctKnown(List<Interaction> interactions) {
            Set<String> seen = new LinkedHashSet<>();
            for (int i = interactions.size() - 1; i >= Math.max(0, interactions.size() - window); i--) {
                String item = interactions.get(i).item();
                if (item.startsWith("sku-") && known.test(item)) {
                    seen.add(item);
                }
            }
            return List.copyOf(seen);
        }

        private void count(String recommended, List<String> history, Reason reason, long[] c, double[] chance) {
            if (!recommended.startsWith("sku-")) {
                return;
            }
            List<String> others = history.stream().filter(h -> !h.equals(recommended)).toList();
            if (others.isEmpty()) {
                return;
            }
            c[0]++;
            if (reason == null || reason.item() == null) {
                c[3]++;
                return;
            }
            if (reason.item().equals(recommended)) {
                c[2]++;
                return;
            }
            int category = category(recommended);
            int complement = shop.complementOf(category);
            c[1]++;
            int named = category(reason.item());
            if (named == category) {
                c[4]++;
            }
            if (named == complement && complement != category) {
                c[5]++;
            }
            if (category(others.get(0)) == category) {
                c[6]++;
            }
            chance[0] += others.stream().filter(h -> category(h) == category).count() / (double) others.size();
            chance[1] += complement == category ? 0
                    : others.stream().filter(h -> category(h) == complement).count() / (double) others.size();
        }

        private int category(String item) {
            return shop.categoryOf(Catalog.itemIndex(item));
        }

        Result result(long events) {
            int from = timings.size() / 5;  // the first chunks warm the JIT up
            double rank = 0;
            double explain = 0;
            long n = 0;
            for (long[] t : timings.subList(from, timings.size())) {
                rank += t[0];
                explain += t[1];
                n += t[2];
            }
            n = Math.max(1, n);
            return new Result(events, lists, modelItems, named(dotCounts, dotChance), named(cosineCounts, cosineChance),
                    explain / n, rank / n);
        }

        private Named named(long[] c, double[] chance) {
            return new Named(c[0], c[1], c[2], c[3], c[4], c[5], chance[0], chance[1], c[6]);
        }
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory
            .getThreadMXBean();

    /** This thread's CPU time in ns (wall-clock time where the JVM cannot measure it). */
    private static long cpuNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /** What the model sees of a session at this moment: its interactions, not the live object that moves on. */
    private SessionState copyOf(SessionState session) {
        SessionState copy = new SessionState();
        for (Interaction interaction : session.interactions()) {
            copy.record(interaction, bounds.maxLen(), bounds.maxPurchased());
        }
        return copy;
    }
}
