package io.streamrec.tools.sim;

import io.streamrec.events.EventType;
import io.streamrec.scoring.ScoredItem;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Hit bookkeeping of the cart-surface evaluation: the two lists a user was shown at their latest cart (complement
 * rule on and off) wait for the user's next cart or purchase; that event's item is a hit for each list that holds it.
 * A list is scored once; one followed by no cart or purchase is not scored.
 */
final class CartHits {
    private record Shown(Set<String> on, Set<String> off) {
    }

    /**
     * @param lists   list pairs shown (one per cart event)
     * @param scored  of them, followed by a cart or purchase
     * @param hitsOn  scored lists with the rule on that held the next item
     * @param hitsOff the same with the rule off
     * @param onlyOn  pairs where only the list with the rule on held it
     * @param onlyOff pairs where only the list with the rule off held it
     */
    record Counts(long lists, long scored, long hitsOn, long hitsOff, long onlyOn, long onlyOff) {
    }

    private final Map<String, Shown> waiting = new HashMap<>();
    private long lists;
    private long scored;
    private long hitsOn;
    private long hitsOff;
    private long onlyOn;
    private long onlyOff;

    /** The lists shown to {@code user} right after a cart event, replacing any still waiting. */
    void shown(String user, List<ScoredItem> on, List<ScoredItem> off) {
        lists++;
        waiting.put(user, new Shown(items(on), items(off)));
    }

    /** A user's event: a cart or purchase scores the lists waiting for it; a click changes nothing. */
    void next(String user, EventType type, String item) {
        if (type == EventType.CLICK) return;
        Shown shown = waiting.remove(user);
        if (shown == null) return;
        scored++;
        boolean on = shown.on().contains(item);
        boolean off = shown.off().contains(item);
        if (on) hitsOn++;
        if (off) hitsOff++;
        if (on && !off) onlyOn++;
        if (off && !on) onlyOff++;
    }

    Counts counts() {
        return new Counts(lists, scored, hitsOn, hitsOff, onlyOn, onlyOff);
    }

    private static Set<String> items(List<ScoredItem> list) {
        return list.stream().map(ScoredItem::item).collect(Collectors.toUnmodifiableSet());
    }
}
