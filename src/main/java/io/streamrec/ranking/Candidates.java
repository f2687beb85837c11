package io.streamrec.ranking;

import io.streamrec.scoring.ScoredItem;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/** Lazy, ordered sources of items for one ranking call; each is read at most once, as far as the list needs. */
final class Candidates {
    /** Most items asked of one lookup: bounds a call's work when nearly everything is filtered out. */
    static final int MAX_PAGE = 1 << 14;

    /** The next item, or null when used up (and null ever after). */
    @FunctionalInterface
    interface Stream {
        ScoredItem next();
    }

    static final Stream EMPTY = () -> null;

    private Candidates() {
    }

    static Stream of(List<ScoredItem> items) {
        int[] at = {0};
        return () -> at[0] < items.size() ? items.get(at[0]++) : null;
    }

    static Stream ids(List<String> ids, ScoredItem.Source source) {
        int[] at = {0};
        return () -> at[0] < ids.size() ? new ScoredItem(ids.get(at[0]++), 0, source) : null;
    }

    static Stream concat(Stream... parts) {
        int[] at = {0};
        return () -> {
            for (; at[0] < parts.length; at[0]++) {
                ScoredItem next = parts[at[0]].next();
                if (next != null) {
                    return next;
                }
            }
            return null;
        };
    }

    static Stream filter(Stream stream, Predicate<String> keep) {
        return () -> {
            for (ScoredItem next = stream.next(); next != null; next = stream.next()) {
                if (keep.test(next.item())) {
                    return next;
                }
            }
            return null;
        };
    }

    /** At most the first {@code max} items of {@code stream} (met, eligible or not). */
    static Stream limit(Stream stream, int max) {
        int[] left = {max};
        return () -> {
            if (left[0] <= 0) {
                return null;
            }
            left[0]--;
            return stream.next();
        };
    }

    /** Alternates between streams (one item each in turn), skipping those used up. */
    static Stream roundRobin(List<Stream> streams) {
        if (streams.size() == 1) {
            return streams.get(0);
        }
        List<Stream> live = new ArrayList<>(streams);
        int[] at = {0};
        return () -> {
            while (!live.isEmpty()) {
                int i = at[0] % live.size();
                ScoredItem next = live.get(i).next();
                if (next != null) {
                    at[0] = i + 1;
                    return next;
                }
                live.remove(i);
            }
            return null;
        };
    }

    /**
     * The items of a lookup that answers "the best n, best first" ({@code lookup.apply(n)}): asks for {@code first},
     * then twice as many each time those are used up, until it answers fewer than asked (it has no more).
     */
    static Stream paged(IntFunction<List<String>> lookup, int first, Function<String, ScoredItem> wrap) {
        return new Stream() {
            private int asked;
            private List<String> page = List.of();
            private int at;

            @Override
            public ScoredItem next() {
                while (at >= page.size()) {
                    if ((asked > 0 && page.size() < asked) || asked >= MAX_PAGE) {
                        return null;
                    }
                    asked = asked == 0 ? first : Math.min(MAX_PAGE, asked * 2);
                    page = lookup.apply(asked);
                }
                return wrap.apply(page.get(at++));
            }
        };
    }
}
