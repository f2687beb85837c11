package io.streamrec.topology;

import io.streamrec.events.InvalidEventException;
import io.streamrec.metrics.PipelineMetrics;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Kafka Streams' processing-exception hook (KIP-1033/1034): an event a processor rejects as invalid (e.g. a
 * replayed {@code event_id}) is skipped and dead-lettered like a malformed one, with the same reason header.
 * Any other exception is a bug or an outage, not bad input: it fails the stream thread, and the instance restarts
 * from committed state rather than silently dropping work.
 */
public class DeadLetterProcessingHandler extends LogAndContinueProcessingExceptionHandler {
    private PipelineMetrics metrics = new PipelineMetrics();

    @Override
    public void configure(Map<String, ?> configs) {
        super.configure(configs);
        if (configs.get(DeadLetterHandler.METRICS_CONFIG) instanceof PipelineMetrics shared) {
            metrics = shared;
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (!(exception instanceof InvalidEventException invalid)) {
            return Response.fail();
        }
        metrics.input().reject(invalid.reason());
        Response response = super.handleError(context, record, exception);
        return Response.resume(BoundedDeadLetters.bound(response.deadLetterQueueRecords(), invalid.reason()));
    }
}
