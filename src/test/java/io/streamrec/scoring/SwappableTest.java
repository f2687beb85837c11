package io.streamrec.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Swapping a shared resource under leases, with fakes that count their closes. */
class SwappableTest {
    /** A resource that counts how often it was closed and refuses to be used afterwards. */
    static final class Fake implements AutoCloseable {
        final String name;
        final AtomicInteger closes = new AtomicInteger();

        Fake(String name) {
            this.name = name;
        }

        void use() {
            if (closes.get() > 0) {
                throw new IllegalStateException(name + " used after close");
            }
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    @Test
    void shouldCloseAReplacedValueAtOnceWhenNobodyHoldsIt() {
        Fake v1 = new Fake("v1");
        Fake v2 = new Fake("v2");
        try (Swappable<Fake> slot = new Swappable<>(v1)) {
            assertSame(v1, slot.swap(v2));
            assertEquals(1, v1.closes.get());
            assertSame(v2, slot.current());
            assertEquals(0, v2.closes.get());
        }
        assertEquals(1, v2.closes.get(), "closing the slot closes the installed value");
    }

    @Test
    void shouldLetABatchFinishOnTheValueItStartedWithAndCloseItAfterwards() {
        Fake v1 = new Fake("v1");
        Fake v2 = new Fake("v2");
        Swappable<Fake> slot = new Swappable<>(v1);
        Swappable.Lease<Fake> batch = slot.lease();
        assertEquals(1, slot.leases());

        slot.swap(v2);

        assertSame(v1, batch.value(), "the batch keeps its value");
        batch.value().use();
        assertEquals(0, v1.closes.get(), "not closed while a batch holds it");
        try (Swappable.Lease<Fake> next = slot.lease()) {
            assertSame(v2, next.value(), "the next batch gets the new value");
        }
        batch.close();
        assertEquals(1, v1.closes.get(), "closed once the last batch released it");
        batch.close();
        assertEquals(1, v1.closes.get(), "releasing twice closes once");
        assertThrows(IllegalStateException.class, batch::value);
        slot.close();
        assertEquals(1, v2.closes.get());
    }

    @Test
    void shouldCloseOnlyAfterTheLastOfSeveralLeases() {
        Fake v1 = new Fake("v1");
        Swappable<Fake> slot = new Swappable<>(v1);
        Swappable.Lease<Fake> a = slot.lease();
        Swappable.Lease<Fake> b = slot.lease();
        slot.swap(new Fake("v2"));
        a.close();
        assertEquals(0, v1.closes.get());
        b.close();
        assertEquals(1, v1.closes.get());
    }

    @Test
    void shouldRefuseLeasesAndSwapsOnceClosedButLetHeldLeasesFinish() {
        Fake v1 = new Fake("v1");
        Swappable<Fake> slot = new Swappable<>(v1);
        Swappable.Lease<Fake> held = slot.lease();
        slot.close();
        slot.close();

        assertNull(slot.tryLease());
        assertThrows(IllegalStateException.class, slot::lease);
        Fake v2 = new Fake("v2");
        assertThrows(IllegalStateException.class, () -> slot.swap(v2));
        assertEquals(0, v2.closes.get(), "a refused swap leaves the value to its caller");
        assertEquals(0, v1.closes.get(), "still held");
        held.value().use();
        held.close();
        assertEquals(1, v1.closes.get());
    }

    @Test
    void shouldNeverHandOutAClosedValueWhileSwappingUnderLoad() throws Exception {
        List<Fake> all = new ArrayList<>();
        Fake first = new Fake("v0");
        all.add(first);
        Swappable<Fake> slot = new Swappable<>(first);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong batches = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            workers.add(pool.submit(() -> {
                while (!stop.get()) {
                    try (Swappable.Lease<Fake> lease = slot.lease()) {
                        lease.value().use();
                        Thread.yield();
                        lease.value().use();
                    }
                    batches.incrementAndGet();
                }
                return null;
            }));
        }
        for (int i = 1; i <= 2_000; i++) {
            Fake next = new Fake("v" + i);
            all.add(next);
            slot.swap(next);
            if (i % 100 == 0) {
                Thread.sleep(1);
            }
        }
        stop.set(true);
        for (Future<?> worker : workers) {
            worker.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertTrue(batches.get() > 0);
        for (Fake fake : all.subList(0, all.size() - 1)) {
            assertEquals(1, fake.closes.get(), fake.name + " closed exactly once");
        }
        Fake last = all.get(all.size() - 1);
        assertEquals(0, last.closes.get());
        assertEquals(0, slot.leases());
        slot.close();
        assertEquals(1, last.closes.get());
    }

    @Test
    void shouldKeepTheOldValueOpenForABatchRunningOnAnotherThread() throws Exception {
        Fake v1 = new Fake("v1");
        Swappable<Fake> slot = new Swappable<>(v1);
        CountDownLatch leased = new CountDownLatch(1);
        CountDownLatch swapped = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<Integer> batch = pool.submit(() -> {
            try (Swappable.Lease<Fake> lease = slot.lease()) {
                leased.countDown();
                assertTrue(swapped.await(10, TimeUnit.SECONDS));
                lease.value().use();
                return v1.closes.get();
            }
        });
        assertTrue(leased.await(10, TimeUnit.SECONDS));
        slot.swap(new Fake("v2"));
        assertFalse(v1.closes.get() > 0, "not closed under a running batch");
        swapped.countDown();
        assertEquals(0, batch.get(10, TimeUnit.SECONDS), "open for the whole batch");
        pool.shutdown();
        assertEquals(1, v1.closes.get(), "closed when the batch finished");
    }
}
