package io.streamrec.topology;

import io.streamrec.events.Event;
import io.streamrec.events.InvalidEventException;
import io.streamrec.events.RejectReason;
import io.streamrec.metrics.PipelineMetrics;
import io.streamrec.session.SessionBounds;
import io.streamrec.session.Interaction;
import io.streamrec.session.SessionState;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Per event: get the user's session (or a new one), apply the event, put it back, and pass the new state on.
 * Events that may predate the user's erasure are dropped; events older than the TTL behind stream time are
 * dead-lettered (their user may have been forgotten with its erasure marker). On a stream-time schedule, users idle for longer than the
 * TTL are forgotten and passed on as a null session.
 */
final class UpdateSessionProcessor implements Processor<String, Event, String, SessionUpdate> {
    private final SessionBounds bounds;
    private final Duration sessionTtl;
    private final Duration maxFutureSkew;
    private final int expiryStep;
    private final PipelineMetrics metrics;
    private ProcessorContext<String, SessionUpdate> context;
    private UserStores stores;
    private IdleUsers idleUsers;

    UpdateSessionProcessor(SessionBounds bounds, Duration sessionTtl, Duration maxFutureSkew, int expiryStep,
                           PipelineMetrics metrics) {
        this.bounds = bounds;
        this.sessionTtl = sessionTtl;
        this.maxFutureSkew = maxFutureSkew;
        this.expiryStep = expiryStep;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, SessionUpdate> context) {
        this.context = context;
        this.stores = UserStores.of(context);
        if (!sessionTtl.isZero()) {
            idleUsers = new IdleUsers(stores, sessionTtl, maxFutureSkew, expiryStep);
            Duration every = Duration.ofMillis(Math.max(1_000, sessionTtl.toMillis() / 10));
            context.schedule(every, PunctuationType.STREAM_TIME, streamTime -> {
                idleUsers.startPass(streamTime);
                forgetIdleUsers(streamTime);
            });
            // A pass too large for one step goes on every second until it is done.
            context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME,
                    wallTime -> forgetIdleUsers(context.currentStreamTimeMs()));
        }
    }

    @Override
    public void process(Record<String, Event> record) {
        String user = record.key();
        Event event = record.value();
        if (!sessionTtl.isZero() && event.ts() < context.currentStreamTimeMs() - sessionTtl.toMillis()) {
            throw new InvalidEventException(RejectReason.TOO_OLD, "ts " + event.ts() + " is more than "
                    + sessionTtl + " behind stream time " + context.currentStreamTimeMs());
        }
        ErasureMarker erased = stores.erasures().get(user);
        // The request's clock and the event's may differ by up to the allowed skew: only an event stamped later
        // than that is surely after the request.
        if (erased != null && event.ts() <= erased.erasedAt() + maxFutureSkew.toMillis()) {
            metrics.input().droppedAfterErasure();
            return;
        }
        SessionState state = stores.sessions().get(user);
        if (state == null) {
            state = new SessionState();
            state.raiseSeqFloor(erased == null ? 0 : erased.seqFloor());
        }
        state.apply(event, bounds);
        stores.sessions().put(user, state);
        metrics.event();
        context.forward(record.withValue(new SessionUpdate(state, new Interaction(event.item(), event.type(),
                event.ts()))));
    }

    private void forgetIdleUsers(long streamTime) {
        if (!idleUsers.inPass()) {
            return;
        }
        List<String> expired = idleUsers.step();
        metrics.expired(expired.size());
        expired.forEach(user -> context.forward(new Record<>(user, SessionUpdate.forgotten(), streamTime)));
    }
}
