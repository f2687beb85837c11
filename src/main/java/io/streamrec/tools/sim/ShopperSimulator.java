package io.streamrec.tools.sim;

import io.streamrec.catalog.CatalogItem;
import io.streamrec.events.Event;
import io.streamrec.events.EventType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * Deterministic shopper traffic: for one seed and settings, always the same events in the same order.
 *
 * <p>Users {@code u1 … uM} each like 1–3 categories of the {@link Catalog}. A fixed number of sessions run
 * interleaved; each {@link #next()} advances a random one, and a finished session is replaced by a new one
 * of a random idle user. About 96% of events are clicks, 3–4% carts and well under 1% purchases, each
 * purchase of an item carted earlier in the same session.
 *
 * <p>Timestamps come either from a synthetic timeline (batch: {@code start} plus exponential gaps of mean
 * {@code meanGap}) or from a clock (live). Only timestamps depend on the mode; the event sequence does not.
 *
 * <p>The shop's catalog: {@link #initialCatalog()} lists every item, available; with {@link CatalogChanges} enabled,
 * items sell out and come back and new items ({@code new-1}, ...) launch as the events go by ({@link
 * #catalogUpdates()}), and a share of the events become clicks on the launched items.
 */
public final class ShopperSimulator {
    private final Catalog catalog;
    private final SplittableRandom random;
    private final int[][] favourites;
    private final int[] sessionsStarted;
    private final boolean[] active;
    private final ShopperSession[] sessions;
    private final LongSupplier timestamps;
    private final CatalogSchedule schedule;
    private final List<CatalogItem> catalogUpdates = new ArrayList<>();
    private long generated;
    private long launchClicks;

    /** Batch mode: timestamps follow the settings' synthetic timeline. */
    public ShopperSimulator(SimulatorSettings settings) {
        this(settings, new SyntheticTimeline(settings));
    }

    /** Live mode: each event is stamped with {@code clock.millis()} when it is generated. */
    public ShopperSimulator(SimulatorSettings settings, Clock clock) {
        this(settings, clock::millis);
    }

    private ShopperSimulator(SimulatorSettings settings, LongSupplier timestamps) {
        this.timestamps = timestamps;
        this.random = new SplittableRandom(settings.seed());
        this.catalog = new Catalog(settings.items(), settings.categories(), random);
        this.schedule = new CatalogSchedule(settings.catalogChanges(), catalog, settings.seed());
        this.favourites = new int[settings.users()][];
        for (int user = 0; user < favourites.length; user++) {
            favourites[user] = pickFavourites();
        }
        this.sessionsStarted = new int[settings.users()];
        this.active = new boolean[settings.users()];
        this.sessions = new ShopperSession[Math.min(settings.concurrentSessions(), settings.users())];
        for (int slot = 0; slot < sessions.length; slot++) {
            sessions[slot] = startSession();
        }
    }

    public Catalog catalog() {
        return catalog;
    }

    /** Every item of the shop, available, as the {@code items} topic describes it: to publish before the events. */
    public List<CatalogItem> initialCatalog() {
        return catalog.records();
    }

    /**
     * The catalog records that became due with the events generated since the last call, oldest first: publish them
     * before the event {@link #next()} just returned (a launch before the first click on it).
     */
    public List<CatalogItem> catalogUpdates() {
        List<CatalogItem> due = List.copyOf(catalogUpdates);
        catalogUpdates.clear();
        return due;
    }

    /**
     * The next event of a randomly chosen running session (or, once items have launched, now and then that shopper's
     * click on a launched item).
     */
    public Event next() {
        long ts = timestamps.getAsLong();
        catalogUpdates.addAll(schedule.due(generated++, ts));
        int slot = random.nextInt(sessions.length);
        ShopperSession session = sessions[slot];
        String launched = schedule.launchClick();
        if (launched != null) {
            // a detour that leaves the session where it was
            return new Event(userId(session.user), launched, EventType.CLICK, ts, session.id + "-l" + ++launchClicks,
                    session.id, null, null);
        }
        ShopperSession.Step step = session.next(catalog, random);
        Event event = toEvent(session, step, ts);
        if (session.ended()) {
            active[session.user] = false;
            sessions[slot] = startSession();
        }
        return event;
    }

    /** The next {@code count} events. */
    public List<Event> generate(int count) {
        List<Event> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) events.add(next());
        return events;
    }

    public static String userId(int user) {
        return "u" + (user + 1);
    }

    private Event toEvent(ShopperSession session, ShopperSession.Step step, long ts) {
        boolean basket = step.type() != EventType.CLICK;
        return new Event(userId(session.user), Catalog.itemId(step.item()), step.type(), ts,
                session.id + "-e" + session.steps(), session.id,
                basket ? step.quantity() : null, basket ? catalog.price(step.item()) : null);
    }

    private ShopperSession startSession() {
        int user = idleUser();
        active[user] = true;
        sessionsStarted[user]++;
        String id = userId(user) + "-s" + sessionsStarted[user];
        return new ShopperSession(user, id, favourites[user], random);
    }

    private int idleUser() {
        for (int attempt = 0; attempt < 32; attempt++) {
            int user = random.nextInt(active.length);
            if (!active[user]) return user;
        }
        // almost every user is busy: take the first idle one after a random start
        int start = random.nextInt(active.length);
        for (int i = 0; i < active.length; i++) {
            int user = (start + i) % active.length;
            if (!active[user]) return user;
        }
        throw new IllegalStateException("no idle user");
    }

    private int[] pickFavourites() {
        int count = Math.min(1 + random.nextInt(3), catalog.categoryCount());
        int[] chosen = new int[count];
        for (int n = 0; n < count; ) {
            int category = catalog.popularCategory(random);
            if (!contains(chosen, n, category)) chosen[n++] = category;
        }
        return chosen;
    }

    private static boolean contains(int[] values, int length, int value) {
        for (int i = 0; i < length; i++) {
            if (values[i] == value) return true;
        }
        return false;
    }
}
