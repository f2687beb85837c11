package io.streamrec.topology;

import io.streamrec.metrics.PipelineMetrics;
import io.streamrec.session.SessionState;
import java.time.Clock;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Right to be forgotten: a record on the deletions topic (key = user; value ignored) erases the user from every
 * store and writes a tombstone for the user to the recommendations topic, in the same transaction. An erasure
 * marker keeps the request's timestamp, so an event that may predate the request but is read after it (it came on
 * another topic, was retried, or was stamped by a fast clock) does not bring the user back, and the user's last
 * list number, so a returning user's lists keep numbering upwards.
 */
final class EraseUserProcessor implements Processor<String, byte[], String, byte[]> {
    private final PipelineMetrics metrics;
    private final Clock clock;
    private ProcessorContext<String, byte[]> context;
    private UserStores stores;

    EraseUserProcessor(PipelineMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.stores = UserStores.of(context);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String user = record.key();
        SessionState session = stores.sessions().get(user);
        long seqFloor = Math.max(session == null ? 0 : session.seq(), clock.millis());
        stores.forget(user);
        ErasureMarker marker = new ErasureMarker(record.timestamp(), seqFloor);
        stores.erasures().put(user, marker.merge(stores.erasures().get(user)));
        metrics.erased();
        context.forward(new Record<>(user, null, Math.min(record.timestamp(), clock.millis())));
    }
}
