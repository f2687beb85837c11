package io.streamrec.tools.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamrec.catalog.Catalog;
import io.streamrec.events.Event;
import io.streamrec.events.EventType;
import io.streamrec.scoring.BatchScorer;
import io.streamrec.scoring.ScoredItem;
import io.streamrec.session.SessionBounds;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CartSurfaceEvalTest {
    /** The stand-in model proposes m1..m20 to everyone: never p, c or z. */
    static final List<ScoredItem> MODEL = IntStream.rangeClosed(1, 20)
            .mapToObj(i -> new ScoredItem("m" + i, 20 - i)).toList();
    static final BatchScorer.Scored SCORED = new BatchScorer.Scored(MODEL, new float[] {1});

    private final List<Event> events = new ArrayList<>();

    @Test
    void shouldScoreEachCartListAgainstTheUsersNextCartOrPurchase() {
        // b1 and b2 each buy p with c: the second pair makes c a complement of p (copurchase.min.count=2)
        for (String buyer : List.of("b1", "b2")) {
            browse(buyer);
            add(buyer, EventType.CART, "p");     // list 1: nothing bought together yet
            add(buyer, EventType.CART, "c");     // scores list 1 (c not in it: miss); list 2
            add(buyer, EventType.PURCHASE, "p"); // scores list 2 (miss)
            add(buyer, EventType.PURCHASE, "c"); // nothing waiting; counts p with c
        }
        browse("a");
        add("a", EventType.CART, "p");           // with the rule c leads the list, without it not
        add("a", EventType.CLICK, "c");          // a click scores nothing
        add("a", EventType.CART, "c");           // scores a's list: hit with the rule only; a last list, never scored
        browse("d");
        add("d", EventType.CART, "p");
        add("d", EventType.PURCHASE, "z");       // scores d's list: z is in neither

        CartSurfaceEval.Result result = eval().run(events::iterator);

        assertEquals(events.size(), result.events());
        assertEquals(7, result.lists());
        assertEquals(6, result.scored());
        assertEquals(1, result.hitsOn());
        assertEquals(0, result.hitsOff());
        assertEquals(1, result.onlyOn());
        assertEquals(0, result.onlyOff());
        assertEquals(1.0 / 6, result.hitRateOn(), 1e-9);
        assertEquals(3, result.listsWithComplements()); // a's two lists (c after p, p after c) and d's
        assertEquals(2, result.complementPairs());      // p→c and c→p
    }

    @Test
    void shouldCountAModelHitForBothLists() {
        browse("u");
        add("u", EventType.CART, "p");
        add("u", EventType.PURCHASE, "m2");

        CartSurfaceEval.Result result = eval().run(events::iterator);

        assertEquals(1, result.scored());
        assertEquals(1, result.hitsOn());
        assertEquals(1, result.hitsOff());
        assertEquals(0, result.onlyOn() + result.onlyOff());
    }

    private static CartSurfaceEval eval() {
        CartSurfaceEval.Setup setup = CartSurfaceEval.Setup.of(Map.of(), new SessionBounds(50, 100, 64));
        return new CartSurfaceEval(setup, Catalog.EMPTY,
                sessions -> Collections.nCopies(sessions.size(), SCORED), List.of(), item -> true);
    }

    /** Three clicks, so the user is past trending.blend.below.events and the model's candidates fill the list. */
    private void browse(String user) {
        for (String item : List.of("x1", "x2", "x3")) add(user, EventType.CLICK, item);
    }

    private void add(String user, EventType type, String item) {
        long ts = 1_700_000_000_000L + events.size() * 1_000L;
        events.add(new Event(user, item, type, ts, user + "-e" + events.size(), null, null, null));
    }
}
