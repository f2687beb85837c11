package io.streamrec.tools.sim;

import io.streamrec.catalog.Catalog;
import io.streamrec.catalog.CatalogItem;
import io.streamrec.catalog.CatalogSettings;
import io.streamrec.catalog.CoPurchase;
import io.streamrec.catalog.CoPurchaseLookup;
import io.streamrec.catalog.CoPurchases;
import io.streamrec.catalog.DecayedCounter;
import io.streamrec.catalog.Trending;
import io.streamrec.catalog.TrendingLookup;
import io.streamrec.events.Event;
import io.streamrec.events.EventType;
import io.streamrec.ranking.Lookups;
import io.streamrec.ranking.RankRequest;
import io.streamrec.ranking.Ranker;
import io.streamrec.ranking.RankingRules;
import io.streamrec.ranking.RankingSettings;
import io.streamrec.scoring.BatchScorer;
import io.streamrec.scoring.ScoredItem;
import io.streamrec.session.Interaction;
import io.streamrec.session.SessionBounds;
import io.streamrec.session.SessionState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Does the cart rule ({@code cart.complements.max}) help? Replays shoppers in event order through the serving domain
 * — sessions ({@link SessionState#apply}), co-purchase counts from the purchases so far, trending, the model's
 * candidates, the {@link Ranker} — and at every cart event ranks the user's top K twice, with the rule's setting and
 * with it off (0). A list is a hit when the user's next cart or purchase event is of an item it holds ({@link
 * CartHits}); HR@K on and off over the same lists.
 *
 * <p>Two passes over the same events: the first replays the sessions and scores every cart moment with the model, in
 * large batches; the second replays them again with the shared counts and ranks each cart moment as of its place in
 * the stream. Trending is counted in {@link DecayedCounter}s held in memory, as {@link Trending#update} does over the
 * store minus the byte round trip (whose float precision could only swap near ties).
 */
public final class CartSurfaceEval {
    /** Cart moments scored per model call sequence; {@link BatchScorer} splits them into its own batches. */
    private static final int SCORE_CHUNK = 1_024;

    /** The model side: one result per session, in order. */
    @FunctionalInterface
    public interface Scorer {
        List<BatchScorer.Scored> score(List<SessionState> sessions);
    }

    /**
     * The serving rules the replay uses.
     *
     * @param rules the ranking rules with the cart rule as configured (the "on" list)
     */
    public record Setup(RankingRules rules, Trending trending, CoPurchase coPurchase, int minCount,
                        SessionBounds bounds) {
        /** From flat ranking and catalog settings ({@link RankingSettings}, {@link CatalogSettings}; defaults when absent). */
        public static Setup of(Map<String, String> settings, SessionBounds bounds) {
            return new Setup(RankingSettings.rules(settings), CatalogSettings.trending(settings),
                    CatalogSettings.coPurchase(settings), CatalogSettings.coPurchaseMinCount(settings), bounds);
        }
    }

    /**
     * The outcome over {@code events} events: {@code lists} cart events, {@code scored} of them followed by a cart or
     * purchase, whose item the list held {@code hitsOn} times with the rule and {@code hitsOff} times without;
     * {@code onlyOn}/{@code onlyOff} count the lists where just one of the two held it, and
     * {@code listsWithComplements} the lists with the rule that hold a complement the model had not proposed;
     * {@code complementPairs} the (item, partner) pairs bought together at least {@code copurchase.min.count} times at
     * the end, {@code purchasePairs} all pairs counted (how sparse the co-purchase counts are).
     */
    public record Result(long events, long lists, long scored, long hitsOn, long hitsOff, long onlyOn, long onlyOff,
                         long listsWithComplements, long complementPairs, long purchasePairs) {
        static Result of(long events, CartHits.Counts counts, long listsWithComplements, Map<String, byte[]> coPurchases,
                         int minCount) {
            long complements = 0;
            long pairs = 0;
            for (byte[] partners : coPurchases.values()) {
                complements += CoPurchases.topItems(partners, Integer.MAX_VALUE, minCount).size();
                pairs += CoPurchases.topItems(partners, Integer.MAX_VALUE, 0).size();
            }
            return new Result(events, counts.lists(), counts.scored(), counts.hitsOn(), counts.hitsOff(),
                    counts.onlyOn(), counts.onlyOff(), listsWithComplements, complements, pairs);
        }

        public double hitRateOn() {
            return scored == 0 ? Double.NaN : hitsOn / (double) scored;
        }

        public double hitRateOff() {
            return scored == 0 ? Double.NaN : hitsOff / (double) scored;
        }

        /** Standard error of HR on − HR off, from the paired per-list differences (each −1, 0 or 1). */
        public double differenceStandardError() {
            if (scored < 2) return Double.NaN;
            double mean = (onlyOn - onlyOff) / (double) scored;
            double meanOfSquares = (onlyOn + onlyOff) / (double) scored;
            return Math.sqrt((meanOfSquares - mean * mean) / (scored - 1));
        }
    }

    private final Setup setup;
    private final Catalog catalog;
    private final Scorer scorer;
    private final Ranker on;
    private final Ranker off;
    private final Predicate<String> modelKnows;

    /**
     * @param catalog    the shop's catalog (categories, availability)
     * @param popular    the model's popular items, best first
     * @param modelKnows whether the model's vocabulary has an item
     */
    public CartSurfaceEval(Setup setup, Catalog catalog, Scorer scorer, List<String> popular,
                           Predicate<String> modelKnows) {
        this.setup = setup;
        this.catalog = catalog;
        this.scorer = scorer;
        this.on = new Ranker(setup.rules(), popular);
        this.off = new Ranker(setup.rules().withComplementsMax(0), popular);
        this.modelKnows = modelKnows;
    }

    /** Runs both passes; {@code events} must give the same events each time it is called. */
    public Result run(Supplier<Iterator<Event>> events) {
        List<BatchScorer.Scored> scored = scoreCartMoments(events.get());
        return replay(events.get(), scored);
    }

    private List<BatchScorer.Scored> scoreCartMoments(Iterator<Event> events) {
        Map<String, SessionState> sessions = new HashMap<>();
        List<BatchScorer.Scored> scored = new ArrayList<>();
        List<SessionState> moments = new ArrayList<>(SCORE_CHUNK);
        while (events.hasNext()) {
            Event event = events.next();
            SessionState session = sessions.computeIfAbsent(event.user(), user -> new SessionState());
            session.apply(event, setup.bounds());
            if (event.type() == EventType.CART) {
                moments.add(copyOf(session));
                if (moments.size() == SCORE_CHUNK) {
                    scored.addAll(scorer.score(moments));
                    moments.clear();
                }
            }
        }
        scored.addAll(scorer.score(moments));
        return scored;
    }

    private Result replay(Iterator<Event> events, List<BatchScorer.Scored> scored) {
        Map<String, SessionState> sessions = new HashMap<>();
        Map<String, DecayedCounter> trending = new HashMap<>();
        Map<String, byte[]> coPurchases = new HashMap<>();
        Lookups lookups = new Lookups(catalog, trendingLookup(trending),
                CoPurchaseLookup.over(coPurchases::get, setup.minCount()), modelKnows);
        CartHits hits = new CartHits();
        long count = 0;
        int moment = 0;
        long withComplements = 0;
        while (events.hasNext()) {
            Event event = events.next();
            count++;
            hits.next(event.user(), event.type(), event.item());
            SessionState session = sessions.computeIfAbsent(event.user(), user -> new SessionState());
            session.apply(event, setup.bounds());
            countTrending(trending, event);
            if (event.type() == EventType.PURCHASE) {
                Interaction bought = new Interaction(event.item(), event.type(), event.ts());
                coPurchases.putAll(setup.coPurchase().update(coPurchases::get, event.item(),
                        setup.coPurchase().partners(session.interactions(), bought)));
            } else if (event.type() == EventType.CART) {
                BatchScorer.Scored model = scored.get(moment++);
                RankRequest request = RankRequest.of(model.candidates(), model.coldStart(), session);
                List<ScoredItem> withRule = on.rank(request, lookups);
                hits.shown(event.user(), withRule, off.rank(request, lookups));
                if (withRule.stream().anyMatch(item -> item.source() == ScoredItem.Source.COMPLEMENT)) {
                    withComplements++;
                }
            }
        }
        return Result.of(count, hits.counts(), withComplements, coPurchases, setup.minCount());
    }

    private void countTrending(Map<String, DecayedCounter> trending, Event event) {
        String category = catalog.get(event.item()).map(CatalogItem::category).orElse(null);
        for (String scope : Trending.scopes(category)) {
            DecayedCounter counter = trending.computeIfAbsent(scope, s -> setup.trending().newCounter());
            setup.trending().record(counter, event.item(), event.type(), event.ts());
        }
    }

    private static TrendingLookup trendingLookup(Map<String, DecayedCounter> trending) {
        return (scope, n) -> {
            DecayedCounter counter = trending.get(scope);
            return counter == null ? List.of() : counter.topItems(n);
        };
    }

    /** What the model sees of a session at this moment: its interactions, not the live object that moves on. */
    private SessionState copyOf(SessionState session) {
        SessionState copy = new SessionState();
        for (Interaction interaction : session.interactions()) {
            copy.record(interaction, setup.bounds().maxLen(), setup.bounds().maxPurchased());
        }
        return copy;
    }
}
