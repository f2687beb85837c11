package io.streamrec.tools.sim;

import io.streamrec.events.EventType;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One visit of one shopper: clicks that mostly stay in a category's neighbourhood, now and then a cart of
 * the item just viewed, after which clicks lean to complements, and rarely a purchase of a carted item.
 */
final class ShopperSession {
    /** What the session does next. */
    record Step(EventType type, int item, int quantity) {
    }

    private record CartLine(int item, int quantity) {
    }

    // Per-step probabilities. Together they give about 96% clicks, 3.5% carts and 0.6% purchases
    // (ShopperSimulatorTest checks the bands). A click that is neither a neighbour nor a favourite
    // category's item is a globally popular item.
    static final double MEAN_LENGTH = 15;
    static final double CART_AFTER_CLICK = 0.04;
    static final double PURCHASE_MID_SESSION = 0.004;
    static final double CHECKOUT_AT_END = 0.2;
    static final double COMPLEMENT_AFTER_CART = 0.6;
    static final double SAME_CATEGORY = 0.75;
    static final double FAVOURITE_CATEGORY = 0.15;
    static final double FIRST_CLICK_IN_FAVOURITE = 0.8;

    final int user;
    final String id;
    private final int[] favourites;
    private final int plannedLength;
    private final List<CartLine> cart = new ArrayList<>();
    private int steps;
    private Step last;
    private boolean ended;

    ShopperSession(int user, String id, int[] favourites, RandomGenerator random) {
        this.user = user;
        this.id = id;
        this.favourites = favourites;
        // geometric length, at least 2 events
        this.plannedLength = 2 + (int) (Math.log(1 - random.nextDouble()) / Math.log(1 - 1 / (MEAN_LENGTH - 1)));
    }

    boolean ended() {
        return ended;
    }

    int steps() {
        return steps;
    }

    Step next(Catalog catalog, RandomGenerator random) {
        if (ended) throw new IllegalStateException("session " + id + " has ended");
        Step step = steps >= plannedLength ? purchase(random) : browse(catalog, random);
        steps++;
        last = step;
        if (step.type() == EventType.PURCHASE && steps > plannedLength) {
            ended = true;
        } else if (steps >= plannedLength && (cart.isEmpty() || random.nextDouble() >= CHECKOUT_AT_END)) {
            ended = true;
        }
        return step;
    }

    private Step browse(Catalog catalog, RandomGenerator random) {
        if (last == null) return click(firstItem(catalog, random));
        if (last.type() == EventType.CLICK && !inCart(last.item()) && random.nextDouble() < CART_AFTER_CLICK) {
            int quantity = random.nextDouble() < 0.1 ? 2 : 1;
            cart.add(new CartLine(last.item(), quantity));
            return new Step(EventType.CART, last.item(), quantity);
        }
        if (!cart.isEmpty() && random.nextDouble() < PURCHASE_MID_SESSION) return purchase(random);
        return click(nextClick(catalog, random));
    }

    private Step purchase(RandomGenerator random) {
        CartLine line = cart.remove(random.nextInt(cart.size()));
        return new Step(EventType.PURCHASE, line.item(), line.quantity());
    }

    private int firstItem(Catalog catalog, RandomGenerator random) {
        if (random.nextDouble() < FIRST_CLICK_IN_FAVOURITE) {
            return catalog.popularItemIn(favourites[random.nextInt(favourites.length)], random);
        }
        return catalog.popularItem(random);
    }

    private int nextClick(Catalog catalog, RandomGenerator random) {
        if (last.type() == EventType.CART && random.nextDouble() < COMPLEMENT_AFTER_CART) {
            return catalog.complementItemOf(last.item(), random);
        }
        double r = random.nextDouble();
        if (r < SAME_CATEGORY) return catalog.neighbourOf(last.item(), random);
        if (r < SAME_CATEGORY + FAVOURITE_CATEGORY) {
            return catalog.popularItemIn(favourites[random.nextInt(favourites.length)], random);
        }
        return catalog.popularItem(random);
    }

    private boolean inCart(int item) {
        return cart.stream().anyMatch(line -> line.item() == item);
    }

    private static Step click(int item) {
        return new Step(EventType.CLICK, item, 0);
    }
}
