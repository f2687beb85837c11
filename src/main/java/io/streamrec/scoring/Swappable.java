package io.streamrec.scoring;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One resource that can be replaced while others use it: a user takes a {@link Lease} (try-with-resources), a swap
 * installs the next value at once, and a replaced value is closed only when the last lease on it is released. Leasing
 * is lock-free (an atomic read and a compare-and-set); swap and close are rare and take a lock.
 *
 * @param <T> the resource, closed exactly once: when it has been replaced (or the slot closed) and no lease holds it
 */
public final class Swappable<T extends AutoCloseable> implements AutoCloseable {
    private final AtomicReference<Counted<T>> current;
    private volatile boolean closed;

    public Swappable(T initial) {
        this.current = new AtomicReference<>(new Counted<>(Objects.requireNonNull(initial, "initial")));
    }

    /** The value installed now, without a lease: for metadata only, it may be closed as soon as it is replaced. */
    public T current() {
        return current.get().value;
    }

    /** A lease on the value installed now; throws {@link IllegalStateException} when the slot is closed. */
    public Lease<T> lease() {
        Lease<T> lease = tryLease();
        if (lease == null) {
            throw new IllegalStateException("closed: nothing to lease");
        }
        return lease;
    }

    /** A lease on the value installed now, or null when the slot is closed. */
    public Lease<T> tryLease() {
        while (!closed) {
            Counted<T> counted = current.get();
            if (counted.retain()) {
                return new Lease<>(counted);
            }
            // Released to zero between the read and the retain: a swap or close got there first; read again.
            if (counted == current.get()) {
                return null;
            }
        }
        return null;
    }

    /**
     * Installs {@code next}: leases taken from now on get it; the replaced value is closed once the leases on it are
     * released (at once when there are none). Throws {@link IllegalStateException} when the slot is closed (then
     * {@code next} is not taken: the caller still owns it).
     *
     * @return the replaced value (for its metadata: do not use it otherwise)
     */
    public synchronized T swap(T next) {
        Objects.requireNonNull(next, "next");
        if (closed) {
            throw new IllegalStateException("closed: cannot swap in a new value");
        }
        Counted<T> old = current.getAndSet(new Counted<>(next));
        old.release();
        return old.value;
    }

    /** Leases currently held on the installed value (for tests and metrics). */
    public int leases() {
        return Math.max(0, current.get().refs.get() - (closed ? 0 : 1));
    }

    /** No new leases; the installed value is closed when the last lease on it is released (at once if none). */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            current.get().release();
        }
    }

    /** The value with a reference count: 1 for the slot while installed, plus 1 per lease. */
    private static final class Counted<T extends AutoCloseable> {
        private final T value;
        private final AtomicInteger refs = new AtomicInteger(1);

        Counted(T value) {
            this.value = value;
        }

        boolean retain() {
            while (true) {
                int n = refs.get();
                if (n == 0) {
                    return false;
                }
                if (refs.compareAndSet(n, n + 1)) {
                    return true;
                }
            }
        }

        void release() {
            int left = refs.decrementAndGet();
            if (left == 0) {
                try {
                    value.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing " + value + ": " + e.getMessage(), e);
                }
            } else if (left < 0) {
                throw new IllegalStateException("released more often than retained");
            }
        }
    }

    /** A hold on one value: it stays open until {@link #close()}; closing twice releases once. */
    public static final class Lease<T extends AutoCloseable> implements AutoCloseable {
        private final Counted<T> counted;
        private final AtomicBoolean released = new AtomicBoolean();

        private Lease(Counted<T> counted) {
            this.counted = counted;
        }

        public T value() {
            if (released.get()) {
                throw new IllegalStateException("lease already released");
            }
            return counted.value;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                counted.release();
            }
        }
    }
}
