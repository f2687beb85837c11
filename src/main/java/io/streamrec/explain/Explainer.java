package io.streamrec.explain;

import io.streamrec.catalog.Catalog;
import io.streamrec.catalog.CatalogItem;
import io.streamrec.events.EventType;
import io.streamrec.ranking.RankRequest;
import io.streamrec.ranking.Ranker;
import io.streamrec.ranking.RankingRules;
import io.streamrec.ranking.Surface;
import io.streamrec.scoring.ItemEmbeddings;
import io.streamrec.scoring.Reason;
import io.streamrec.scoring.ScoredItem;
import io.streamrec.scoring.SessionModel;
import io.streamrec.scoring.Vocabulary;
import io.streamrec.session.Interaction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Gives every item of a ranked list its {@link Reason}, after ranking (so only the listed items cost anything).
 *
 * <p>A model item names the history item that most drives its score: among the distinct items of the user's last
 * {@code window} interactions (what the model read) that the model knows, the one whose embedding has the largest
 * {@link Measure similarity} with the recommended item's (SASRec ties the input and output item tables, so
 * {@code E[h]·E[r]} is how far h on its own pushes r's score), reported as {@code viewed}, {@code carted} or
 * {@code bought} after the strongest thing the user did with it (the recommended item itself may be named: the user
 * interacted with it before). Without a table (an older model directory), or when no history item is similar at
 * all (largest similarity ≤ 0), the reason is {@code model}: honest, without evidence. A complement names the carted
 * item it was bought with (the ranker draws complements from the newest event only, a cart); a trending item the
 * category it trends in when its surface is limited to categories (else trending over all items); a popular item
 * says {@code popular}.
 */
public final class Explainer {
    /** How a history item's pull on a recommended item is measured. */
    public enum Measure {
        /** {@code E[h]·E[r]}: the pull on r's logit, larger for items the model holds strongly. */
        DOT,
        /** The cosine of E[h] and E[r]: direction only. */
        COSINE
    }

    private final Vocabulary vocabulary;
    private final ItemEmbeddings embeddings;
    private final int window;
    private final Measure measure;

    /**
     * @param embeddings the model's item table; empty: model items are explained as {@code model}
     * @param window     interactions looked at, newest first (the model's {@code max_len})
     */
    public Explainer(Vocabulary vocabulary, Optional<ItemEmbeddings> embeddings, int window, Measure measure) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1, got " + window);
        }
        this.vocabulary = vocabulary;
        this.embeddings = embeddings.orElse(null);
        this.window = window;
        this.measure = measure;
    }

    /** The explainer the app uses for a model's lists (dot products over the model's input window). */
    public static Explainer of(SessionModel model) {
        return new Explainer(model.vocabulary(), model.itemEmbeddings(), model.maxLen(), Measure.DOT);
    }

    /** Whether model items can name a history item (the model directory has its item table). */
    public boolean namesHistoryItems() {
        return embeddings != null;
    }

    /** Every surface's list explained; {@code lists} is keyed by surface name, as {@link Ranker} returns them. */
    public Map<String, List<ScoredItem>> explain(Map<String, List<ScoredItem>> lists, RankRequest request,
                                                 List<Surface> surfaces, Catalog catalog) {
        History history = new History(request);
        Map<String, List<ScoredItem>> explained = new LinkedHashMap<>();
        lists.forEach((name, list) -> {
            RankingRules rules = surfaces.stream().filter(s -> s.name().equals(name)).findFirst()
                    .map(Surface::rules).orElse(null);
            explained.put(name, explain(list, request, rules, catalog, history));
        });
        return explained;
    }

    /** One list explained; {@code rules} are the surface's (their categories decide trending's scope). */
    public List<ScoredItem> explain(List<ScoredItem> list, RankRequest request, RankingRules rules, Catalog catalog) {
        return explain(list, request, rules, catalog, new History(request));
    }

    private List<ScoredItem> explain(List<ScoredItem> list, RankRequest request, RankingRules rules, Catalog catalog,
                                     History history) {
        List<ScoredItem> explained = new ArrayList<>(list.size());
        for (ScoredItem item : list) {
            explained.add(item.withReason(reason(item, request, rules, catalog, history)));
        }
        return explained;
    }

    private Reason reason(ScoredItem item, RankRequest request, RankingRules rules, Catalog catalog,
                          History history) {
        switch (item.source()) {
            case COMPLEMENT:
                Interaction last = request.last();
                return last == null ? Reason.MODEL : Reason.boughtWith(last.item());
            case TRENDING:
                Set<String> categories = rules == null ? null : Ranker.categories(rules, request);
                return Reason.trending(categories == null ? null
                        : catalog.get(item.item()).map(CatalogItem::category).orElse(null));
            case POPULAR:
                return Reason.POPULAR;
            default:
                return history.strongest(item.item());
        }
    }

    /** The history item that pulls {@code recommended} most, or -1 (none known, none similar, no table). */
    public int strongestIndex(int recommended, int[] historyIndexes) {
        if (embeddings == null || recommended <= 0 || recommended >= embeddings.rows()) {
            return -1;
        }
        int best = -1;
        double bestScore = 0;
        for (int h : historyIndexes) {  // newest first: ties go to the newer item
            double score = measure == Measure.DOT ? embeddings.dot(h, recommended)
                    : embeddings.cosine(h, recommended);
            if (score > bestScore) {
                bestScore = score;
                best = h;
            }
        }
        return best;
    }

    /** The distinct model-known items of a request's window, newest first, with the strongest event on each. */
    private final class History {
        private final RankRequest request;
        private int[] indexes;
        private EventType[] types;

        History(RankRequest request) {
            this.request = request;
        }

        Reason strongest(String recommended) {
            if (embeddings == null) {
                return Reason.MODEL;
            }
            if (indexes == null) {
                collect();
            }
            int best = strongestIndex(vocabulary.indexOf(recommended), indexes);
            if (best < 0) {
                return Reason.MODEL;
            }
            for (int i = 0; i < indexes.length; i++) {
                if (indexes[i] == best) {
                    return new Reason(because(types[i]), vocabulary.item(best), null);
                }
            }
            throw new IllegalStateException("unreachable");
        }

        private void collect() {
            List<Interaction> interactions = request.interactions();
            int from = Math.max(0, interactions.size() - window);
            int[] found = new int[interactions.size() - from];
            EventType[] strongest = new EventType[found.length];
            int n = 0;
            for (int i = interactions.size() - 1; i >= from; i--) {
                Interaction interaction = interactions.get(i);
                int index = vocabulary.indexOf(interaction.item());
                if (index <= 0 || index >= embeddings.rows()) {
                    continue;
                }
                int at = 0;
                while (at < n && found[at] != index) {  // a window is short: a scan beats hashing boxed keys
                    at++;
                }
                if (at == n) {
                    found[n] = index;
                    strongest[n++] = interaction.type();
                } else if (interaction.type().index() > strongest[at].index()) {
                    strongest[at] = interaction.type();
                }
            }
            indexes = java.util.Arrays.copyOf(found, n);
            types = java.util.Arrays.copyOf(strongest, n);
        }
    }

    private static Reason.Because because(EventType type) {
        return switch (type) {
            case PURCHASE -> Reason.Because.BOUGHT;
            case CART -> Reason.Because.CARTED;
            default -> Reason.Because.VIEWED;
        };
    }
}
