package io.streamrec.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.streamrec.session.SessionState;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pending set alone, on a real (in-memory) key-value store. */
class PendingUsersTest {
    private KeyValueStore<String, Long> store;
    private PendingUsers pending;

    @BeforeEach
    void setUp() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("pending"), Serdes.String(), Serdes.Long())
                .withLoggingDisabled().build();
        Properties props = new Properties();
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        store.init(new MockProcessorContext<String, Long>(props).getStateStoreContext(), store);
        pending = new PendingUsers(store);
    }

    @Test
    void shouldOweOneListPerUserOnTheNewestStateInArrivalOrder() {
        SessionState first = new SessionState();
        SessionState newer = new SessionState();
        pending.mark("b", first, 10);
        pending.mark("a", new SessionState(), 11);
        pending.mark("b", newer, 12);

        assertEquals(2, pending.size());
        List<PendingUsers.Owed> owed = pending.drain();
        assertEquals(List.of("b", "a"), owed.stream().map(PendingUsers.Owed::user).toList());
        assertSame(newer, owed.get(0).state());
        assertEquals(0, pending.size());
        assertNull(store.get("a"), "drained users are no longer owed in the store");
        assertNull(store.get("b"));
    }

    @Test
    void shouldRestoreOwedUsersFromTheStoreWithoutState() {
        store.put("u1", 5L);
        store.put("u2", 6L);

        pending.restore();

        List<PendingUsers.Owed> owed = pending.drain();
        assertEquals(List.of("u1", "u2"), owed.stream().map(PendingUsers.Owed::user).sorted().toList());
        owed.forEach(o -> assertNull(o.state(), "state is read from the session store after a restore"));
    }

    @Test
    void shouldSkipUsersErasedSinceTheyBecamePending() {
        pending.mark("gone", new SessionState(), 1);
        pending.mark("kept", new SessionState(), 1);
        store.delete("gone"); // what erase-user does in the same task

        assertEquals(List.of("kept"), pending.drain().stream().map(PendingUsers.Owed::user).toList());
    }

    @Test
    void shouldOweAgainAUserErasedAndBackWithinOneBatch() {
        pending.mark("u", new SessionState(), 1);
        store.delete("u");
        pending.mark("u", new SessionState(), 2);

        assertEquals(2L, store.get("u"));
        assertEquals(1, pending.drain().size());
    }

    @Test
    void shouldForgetAUser() {
        pending.mark("u", new SessionState(), 1);
        pending.forget("u");

        assertEquals(0, pending.size());
        assertNull(store.get("u"));
    }
}
