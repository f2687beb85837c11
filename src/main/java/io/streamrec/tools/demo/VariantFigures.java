package io.streamrec.tools.demo;

import io.streamrec.events.EventType;
import io.streamrec.variants.FeedbackKey;
import io.streamrec.variants.FeedbackSnapshot;
import io.streamrec.variants.Population;
import io.streamrec.variants.RankCounts;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The demo summary's online figures per variant: {@code hr<K>_<variant>}, the share of clicks on items new to the
 * shopper that were in the list they had just been sent (the bias-guarded figure), and {@code conversion_<variant>},
 * the share of purchases whose item was in it.
 */
final class VariantFigures {
    private VariantFigures() {
    }

    static String of(FeedbackSnapshot feedback, int k) {
        StringBuilder out = new StringBuilder();
        for (String variant : new TreeSet<>(feedback.counts().keySet().stream().map(FeedbackKey::variant).toList())) {
            RankCounts clicks = feedback.variant(variant, EventType.CLICK, Population.NEW_ITEM);
            RankCounts purchases = feedback.variant(variant, EventType.PURCHASE, Population.ALL);
            out.append(String.format(Locale.ROOT, " hr%d_%s=%.4f clicks_%s=%d conversion_%s=%.4f purchases_%s=%d", k,
                    variant, rate(clicks, k), variant, clicks == null ? 0 : clicks.events(), variant,
                    rate(purchases, k), variant, purchases == null ? 0 : purchases.events()));
        }
        return out.toString();
    }

    private static double rate(RankCounts counts, int k) {
        return counts == null || counts.events() == 0 ? Double.NaN : (double) counts.hits(k) / counts.events();
    }
}
