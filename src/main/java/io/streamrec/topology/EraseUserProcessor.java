package io.streamrec.topology;

import io.streamrec.events.InvalidEventException;
import io.streamrec.events.RejectReason;
import io.streamrec.metrics.PipelineMetrics;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Right to be forgotten: a record on the deletions topic (key = user; value ignored) erases the user from every
 * store and writes a tombstone for the user to the recommendations topic, in the same transaction. The user is
 * remembered with the request's timestamp, so an event that predates the request but is read after it (it came on
 * another topic, or was retried) does not bring the user back; events after the request start a new history.
 */
final class EraseUserProcessor implements Processor<String, byte[], String, byte[]> {
    private final PipelineMetrics metrics;
    private ProcessorContext<String, byte[]> context;
    private UserStores stores;

    EraseUserProcessor(PipelineMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.stores = UserStores.of(context);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String user = record.key();
        if (user == null || user.isBlank()) {
            throw new InvalidEventException(RejectReason.MISSING_USER, "deletion record without a user key");
        }
        stores.forget(user);
        Long earlier = stores.erasures().get(user);
        stores.erasures().put(user, Math.max(record.timestamp(), earlier == null ? Long.MIN_VALUE : earlier));
        metrics.erased();
        context.forward(new Record<>(user, null, record.timestamp()));
    }
}
