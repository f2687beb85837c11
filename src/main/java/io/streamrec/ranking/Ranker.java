package io.streamrec.ranking;

import io.streamrec.catalog.Catalog;
import io.streamrec.catalog.CatalogItem;
import io.streamrec.catalog.Trending;
import io.streamrec.events.EventType;
import io.streamrec.ranking.SlotPlan.Slot;
import io.streamrec.scoring.ScoredItem;
import io.streamrec.scoring.ScoredItem.Source;
import io.streamrec.session.Interaction;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Turns model candidates into the lists a shopper sees, one per {@link Surface}; called once per user and refresh.
 *
 * <p>Design: every item comes from a source — the model's candidates, in-stream trending, the model's popular
 * items, complements of a carted item — and passes the same {@link Eligibility} rules (not bought, not just seen,
 * available in the catalog, of an allowed category) and the per-category cap. A {@link SlotPlan} says which source
 * fills each position first: complements lead after a cart event, trending items are blended in for users with
 * short histories, the last slots are kept for trending launches the model has never seen. Any position whose
 * source has nothing eligible falls back to the main order: further model candidates, then trending, then popular
 * (for a cold user: trending, then popular). So the list is {@code topK} long whenever enough eligible items
 * exist. With {@link Lookups#NONE} and the old rules it ranks exactly as before the catalog.
 */
public final class Ranker {
    private final RankingRules rules;
    private final List<String> popular;

    /**
     * @param rules   the rules of {@link #rank(RankRequest, Lookups)} and the legacy {@link #rank(List, Set, String)}
     * @param popular the model's popular items, best first: the last fallback
     */
    public Ranker(RankingRules rules, List<String> popular) {
        this.rules = rules;
        this.popular = List.copyOf(popular);
    }

    /** The list before the catalog: no lookups, the newest event's item as the only recent one. */
    public List<ScoredItem> rank(List<ScoredItem> candidates, Set<String> purchased, String lastItem) {
        List<Interaction> recent = lastItem == null ? List.of() : List.of(new Interaction(lastItem, EventType.CLICK, 0));
        return rank(new RankRequest(candidates, candidates.isEmpty(), recent, purchased, null), Lookups.NONE);
    }

    /** One list under this ranker's rules (the default surface). */
    public List<ScoredItem> rank(RankRequest request, Lookups lookups) {
        return rank(request, lookups, Surface.defaultSurface(rules));
    }

    public List<ScoredItem> rank(RankRequest request, Lookups lookups, Surface surface) {
        return rankOne(request, lookups, memoized(lookups.catalog()), surface.rules());
    }

    /** One list per surface, in the surfaces' order, keyed by surface name; catalog lookups are shared. */
    public Map<String, List<ScoredItem>> rank(RankRequest request, Lookups lookups, List<Surface> surfaces) {
        Catalog catalog = memoized(lookups.catalog());
        Map<String, List<ScoredItem>> lists = new LinkedHashMap<>();
        for (Surface surface : surfaces) {
            lists.put(surface.name(), rankOne(request, lookups, catalog, surface.rules()));
        }
        return lists;
    }

    private List<ScoredItem> rankOne(RankRequest request, Lookups lookups, Catalog catalog, RankingRules r) {
        Set<String> categories = categories(r, request);
        ListBuilder list = new ListBuilder(r.topK(), r.maxPerCategory(),
                new Eligibility(r, request, catalog, lookups.modelKnows(), categories));
        List<String> scopes = categories == null ? List.of(Trending.GLOBAL_SCOPE)
                : new TreeSet<>(categories).stream().map(Trending::categoryScope).toList();
        Supplier<Candidates.Stream> trending = () -> trending(lookups, scopes, r.topK());
        Candidates.Stream main = Candidates.concat(Candidates.of(request.candidates()), trending.get(),
                Candidates.ids(popular, Source.POPULAR));

        Interaction last = request.last();
        boolean cart = r.complementsMax() > 0 && last != null && last.type() == EventType.CART;
        boolean blend = !request.coldStart() && request.interactions().size() < r.blendBelowEvents();
        Map<Slot, Candidates.Stream> sources = new EnumMap<>(Slot.class);
        sources.put(Slot.MAIN, main);
        sources.put(Slot.COMPLEMENT, cart ? complements(request, lookups, last.item(), r) : Candidates.EMPTY);
        sources.put(Slot.BLEND, blend ? trending.get() : Candidates.EMPTY);
        sources.put(Slot.NEW_ITEM, r.newItemsMax() == 0 ? Candidates.EMPTY : Candidates.filter(
                Candidates.limit(trending.get(), newItemDepth(r)), item -> !lookups.modelKnows().test(item)));

        Slot[] plan = SlotPlan.plan(r.topK(), cart ? r.complementsMax() : 0,
                blend ? (int) Math.round(r.blendShare() * r.topK()) : 0, r.newItemsMax());
        for (Slot slot : plan) {
            boolean taken = list.takeFrom(sources.get(slot)) || list.takeFrom(main)
                    || list.takeFrom(sources.get(Slot.NEW_ITEM)) || list.takeFrom(sources.get(Slot.COMPLEMENT));
            if (!taken) {
                break;
            }
        }
        return list.finish();
    }

    /** A launch enters only while it is among this many of the scope's trending items: bounds the search. */
    private static int newItemDepth(RankingRules r) {
        return Math.max(50, 5 * r.topK());
    }

    /**
     * The surface's categories narrowed by the request's; null when neither filters. Trending comes from these
     * categories' scopes, or from the global scope when null.
     */
    public static Set<String> categories(RankingRules r, RankRequest request) {
        if (request.category() == null) {
            return r.categories().isEmpty() ? null : r.categories();
        }
        return r.categories().isEmpty() || r.categories().contains(request.category())
                ? Set.of(request.category()) : Set.of();
    }

    private static Candidates.Stream trending(Lookups lookups, List<String> scopes, int topK) {
        List<Candidates.Stream> streams = new ArrayList<>(scopes.size());
        for (String scope : scopes) {
            streams.add(Candidates.paged(n -> lookups.trending().top(scope, n), Math.max(16, 2 * topK),
                    item -> new ScoredItem(item, 0, Source.TRENDING)));
        }
        return Candidates.roundRobin(streams);
    }

    /** Complements of the carted item; one the model also proposed keeps the model's score and source. */
    private static Candidates.Stream complements(RankRequest request, Lookups lookups, String carted, RankingRules r) {
        Map<String, ScoredItem> fromModel = new HashMap<>();
        request.candidates().forEach(c -> fromModel.putIfAbsent(c.item(), c));
        return Candidates.paged(n -> lookups.coPurchases().complements(carted, n), Math.max(8, 2 * r.complementsMax()),
                item -> fromModel.getOrDefault(item, new ScoredItem(item, 0, Source.COMPLEMENT)));
    }

    /** Each item looked up once per call, however many sources and surfaces meet it. */
    private static Catalog memoized(Catalog catalog) {
        Map<String, Optional<CatalogItem>> seen = new HashMap<>();
        return item -> seen.computeIfAbsent(item, catalog::get);
    }
}
