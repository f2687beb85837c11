package io.streamrec.http;

/** A token bucket refilled continuously at {@code perSecond}, holding at most one second of tokens. */
final class RateLimiter {
    private final double perSecond;
    private double tokens;
    private long last;

    RateLimiter(int perSecond) {
        this.perSecond = perSecond;
        this.tokens = perSecond;
        this.last = System.nanoTime();
    }

    synchronized boolean tryAcquire() {
        long now = System.nanoTime();
        tokens = Math.min(perSecond, tokens + (now - last) / 1e9 * perSecond);
        last = now;
        if (tokens < 1) {
            return false;
        }
        tokens--;
        return true;
    }
}
