package io.streamrec.topology;

import io.streamrec.scoring.BatchScorer;
import io.streamrec.scoring.SessionModel;
import io.streamrec.session.SessionState;
import io.streamrec.variants.VariantSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The refresh processors of one stream thread (one per task) score their owed users together, in rounds. The first
 * task to flush in a round scores its own users and every other task's owed users of the same model in one batched
 * call, and keeps their results until those tasks flush. A model call has a cost that small batches share badly (on
 * a large catalog the int8 scan streams the whole item table whatever the batch), and without this each task would
 * pay it on its own few users.
 *
 * <p>A new round is due {@code batch.max.delay.ms} after the last one began, or twice as long as its model call
 * took if that is longer: when calls are cheap users wait at most the configured delay; when they are dear, the
 * thread keeps consuming while the next batch fills, so the batch grows with the load instead of the calls
 * multiplying. (Kafka Streams processes one record per task between punctuations under load, so without the wait
 * a 1M-item catalog scored about 1 user per call; with it, 20–60.)
 *
 * <p>A kept result is found by the very session object a task holds; a newer event gives the task a new object,
 * so a kept result can go unused, never stale. Scoring reads the sessions and writes nothing, so what a task
 * emits and commits stays its own.
 */
final class ThreadBatch {
    /** A task's refresh processor: the sessions it owes a list and would score with {@code model}. */
    interface Member {
        List<SessionState> owed(SessionModel model, VariantSnapshot variants);
    }

    private record Kept(SessionModel model, BatchScorer.Scored scored) {
    }

    private static final ThreadLocal<ThreadBatch> OF_THREAD = ThreadLocal.withInitial(() -> new ThreadBatch(System::nanoTime));

    private final List<Member> members = new CopyOnWriteArrayList<>();
    private final Map<SessionState, Kept> kept = new IdentityHashMap<>();
    private final Set<Member> scoredFor = Collections.newSetFromMap(new IdentityHashMap<>());
    private long roundStartMs = Long.MIN_VALUE / 2;
    private long lastCallMs;
    private final LongSupplier nanoTime;

    ThreadBatch(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** The batch of the calling thread. */
    static ThreadBatch ofThisThread() {
        return OF_THREAD.get();
    }

    void join(Member member) {
        if (members.isEmpty()) {  // a new set of tasks (and, under TopologyTestDriver, a new clock)
            kept.clear();
            scoredFor.clear();
            roundStartMs = Long.MIN_VALUE / 2;
            lastCallMs = 0;
        }
        if (!members.contains(member)) {
            members.add(member);
        }
    }

    void leave(Member member) {
        members.remove(member);
    }

    /**
     * Whether a new round may begin at {@code nowMs} (the stream thread's wall clock): {@code minWaitMs}, or twice
     * the last round's model call if that is longer, have passed since the last round began. Twice: the thread
     * spends at most about half its time in model calls and the rest consuming, so a dear call's batch fills.
     */
    boolean roundDue(long nowMs, long minWaitMs) {
        return nowMs - roundStartMs >= Math.max(minWaitMs, 2 * lastCallMs);
    }

    /** Whether the last round scored some of {@code member}'s owed users, who can be emitted now (asked once). */
    boolean claimScoredFor(Member member) {
        return scoredFor.remove(member);
    }

    /** Whether a result scored in the last round waits for this session. */
    boolean isKept(SessionState session) {
        return kept.containsKey(session);
    }

    /** One result per session of {@code self}, in order: kept ones, the rest scored with the other members' owed. */
    List<BatchScorer.Scored> score(Member self, BatchScorer scorer, SessionModel model, List<SessionState> sessions,
                                   VariantSnapshot variants, long nowMs) {
        scoredFor.remove(self);
        BatchScorer.Scored[] results = new BatchScorer.Scored[sessions.size()];
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < sessions.size(); i++) {
            Kept k = kept.remove(sessions.get(i));
            if (k != null && k.model() == model) {
                results[i] = k.scored();
            } else {
                missing.add(i);
            }
        }
        if (missing.isEmpty()) {
            return Arrays.asList(results);
        }
        kept.clear();  // results nobody took since the last round: their owners have moved on or flushed
        scoredFor.clear();
        roundStartMs = nowMs;
        long start = nanoTime.getAsLong();
        List<SessionState> batch = new ArrayList<>(missing.size());
        missing.forEach(i -> batch.add(sessions.get(i)));
        for (Member other : members) {
            List<SessionState> owed = other != self ? other.owed(model, variants) : List.of();
            if (!owed.isEmpty()) {
                batch.addAll(owed);
                scoredFor.add(other);
            }
        }
        List<BatchScorer.Scored> scored = scorer.score(model, batch);
        lastCallMs = TimeUnit.NANOSECONDS.toMillis(nanoTime.getAsLong() - start);
        for (int j = 0; j < missing.size(); j++) {
            results[missing.get(j)] = scored.get(j);
        }
        for (int j = missing.size(); j < batch.size(); j++) {
            kept.put(batch.get(j), new Kept(model, scored.get(j)));
        }
        return Arrays.asList(results);
    }
}
