package io.streamrec.session;

import io.streamrec.events.Event;
import io.streamrec.events.EventType;
import io.streamrec.events.InvalidEventException;
import io.streamrec.events.RejectReason;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A user's recent behaviour: the last {@code maxLen} interactions in timestamp order, the items they bought
 * (oldest forgotten first beyond {@code maxPurchased}), counters, and the latest session vector from the model.
 * Pure domain logic: no Kafka here.
 */
public final class SessionState {
    private final List<Interaction> interactions;
    private final LinkedHashSet<String> purchased;
    private final LinkedHashSet<Long> recentEventIds;
    private long eventCount;
    private long seq;
    private long newestEventTs;
    private float[] sessionVector;

    public SessionState() {
        this(new ArrayList<>(), new LinkedHashSet<>(), new LinkedHashSet<>(), 0, 0, 0, new float[0]);
    }

    SessionState(List<Interaction> interactions, LinkedHashSet<String> purchased, LinkedHashSet<Long> recentEventIds,
                 long eventCount, long seq, long newestEventTs, float[] sessionVector) {
        this.interactions = interactions;
        this.purchased = purchased;
        this.recentEventIds = recentEventIds;
        this.eventCount = eventCount;
        this.seq = seq;
        this.newestEventTs = newestEventTs;
        this.sessionVector = sessionVector;
    }

    /**
     * Applies one event: a replayed {@code event_id} is refused (thrown before anything changes, so the caller can
     * dead-letter it), otherwise the id is remembered and the interaction recorded.
     */
    public void apply(Event event, SessionBounds bounds) {
        if (event.eventId() != null) {
            if (hasSeenEventId(event.eventId())) {
                throw new InvalidEventException(RejectReason.DUPLICATE,
                        "event_id '" + event.eventId() + "' was already applied for user '" + event.user() + "'");
            }
            rememberEventId(event.eventId(), bounds.dedupeWindow());
        }
        record(new Interaction(event.item(), event.type(), event.ts()), bounds.maxLen(), bounds.maxPurchased());
    }

    /**
     * Records an interaction, keeping timestamp order even when events arrive late, then trims to the bounds.
     * An interaction older than everything in a full sequence is counted but not kept.
     */
    public void record(Interaction interaction, int maxLen, int maxPurchased) {
        eventCount++;
        newestEventTs = Math.max(newestEventTs, interaction.ts());
        int at = interactions.size();
        while (at > 0 && interactions.get(at - 1).ts() > interaction.ts()) {
            at--;
        }
        interactions.add(at, interaction);
        while (interactions.size() > maxLen) {
            interactions.remove(0);
        }
        if (interaction.type() == EventType.PURCHASE) {
            purchased.remove(interaction.item());
            purchased.add(interaction.item());
            while (purchased.size() > maxPurchased) {
                purchased.remove(purchased.iterator().next());
            }
        }
    }

    /** True when one of the user's last remembered events had this {@code event_id} (a replay). */
    public boolean hasSeenEventId(String eventId) {
        return recentEventIds.contains(EventIdFingerprint.of(eventId));
    }

    /** Remembers an applied event's id, forgetting the oldest beyond {@code max}: the de-duplication window. */
    public void rememberEventId(String eventId, int max) {
        recentEventIds.add(EventIdFingerprint.of(eventId));
        while (recentEventIds.size() > max) {
            recentEventIds.remove(recentEventIds.iterator().next());
        }
    }

    /** Fingerprints ({@link EventIdFingerprint}) of the remembered event ids, oldest first. */
    public Set<Long> recentEventIds() {
        return Collections.unmodifiableSet(recentEventIds);
    }

    /**
     * Called once per emitted list; returns its sequence number: the list's time in ms, or one more than the
     * previous number when that is higher. It never repeats or goes down, also across the user being forgotten
     * (a new session starts from the time, or from {@link #raiseSeqFloor} after an erasure).
     */
    public long nextSeq(long nowMillis) {
        seq = Math.max(seq + 1, nowMillis);
        return seq;
    }

    /** A new session of a returning user continues above the numbers its earlier lists used. */
    public void raiseSeqFloor(long floor) {
        seq = Math.max(seq, floor);
    }

    public List<Interaction> interactions() {
        return Collections.unmodifiableList(interactions);
    }

    public Set<String> purchased() {
        return Collections.unmodifiableSet(purchased);
    }

    public Interaction last() {
        return interactions.isEmpty() ? null : interactions.get(interactions.size() - 1);
    }

    public long eventCount() {
        return eventCount;
    }

    public long seq() {
        return seq;
    }

    /** Timestamp of the newest event ever recorded (0 when none). */
    public long newestEventTs() {
        return newestEventTs;
    }

    public float[] sessionVector() {
        return sessionVector.clone();
    }

    public void sessionVector(float[] vector) {
        this.sessionVector = vector.clone();
    }
}
