package io.streamrec.tools.bench;

import io.streamrec.events.Event;
import io.streamrec.tools.sim.ShopperSimulator;
import io.streamrec.tools.sim.SimulatorSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;

/**
 * The events of one ramp step: sessions as the {@link ShopperSimulator} makes them (clicks, carts, purchases,
 * stamped when generated), each session run by a user of a Zipf-like population.
 *
 * <p>The simulator interleaves a fixed number of sessions; here that number is the step's rate times the think
 * time, so a shopper's consecutive events stay about {@code thinkTime} apart at every rate, as they would in a
 * shop (64 interleaved sessions, the simulator's default, would make every shopper click hundreds of times a second
 * at these rates and let the app coalesce most of them). Ids carry the step so that no event id repeats.
 */
final class ShopperLoad implements Iterator<Event> {
    private final ShopperSimulator simulator;
    private final ZipfUsers users;
    private final String tag;
    private final String itemPrefix;

    /** {@code itemPrefix}: rename the simulator's {@code sku-N} to {@code itemPrefix + N} (null: keep them). */
    ShopperLoad(ZipfUsers users, double rate, Duration thinkTime, String tag, long seed, String itemPrefix) {
        this.itemPrefix = itemPrefix;
        SimulatorSettings base = SimulatorSettings.defaults();
        int sessions = (int) Math.max(1, Math.min(users.size(), Math.round(rate * thinkTime.toNanos() / 1e9)));
        SimulatorSettings settings = new SimulatorSettings(seed, users.size(), base.items(), base.categories(),
                sessions, base.start(), base.meanGap(), base.catalogChanges());
        this.simulator = new ShopperSimulator(settings, Clock.systemUTC());
        this.users = users;
        this.tag = tag;
    }

    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public Event next() {
        Event e = simulator.next();
        String session = tag + e.session();
        String user = ShopperSimulator.userId(users.userFor(session));
        String item = itemPrefix == null || !e.item().startsWith("sku-") ? e.item()
                : itemPrefix + e.item().substring("sku-".length());
        return new Event(user, item, e.type(), e.ts(), tag + e.eventId(), session, e.qty(), e.price());
    }
}
