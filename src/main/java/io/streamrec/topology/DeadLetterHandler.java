package io.streamrec.topology;

import io.streamrec.events.InvalidEventException;
import io.streamrec.events.RejectReason;
import io.streamrec.kafka.Topics;
import io.streamrec.metrics.PipelineMetrics;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' own dead-letter mechanism (KIP-1034): a record whose value cannot be read as a valid event is
 * skipped and written to {@code errors.dead.letter.queue.topic.name} with Kafka's {@code __streams.errors.*}
 * headers (exception, message, source topic, partition, offset), plus {@value Topics#DLQ_REASON_HEADER} naming the
 * {@link RejectReason}. Counted per reason; the app keeps running.
 */
public class DeadLetterHandler extends LogAndContinueExceptionHandler {
    /** Config key under which the app passes its {@link PipelineMetrics} instance. */
    public static final String METRICS_CONFIG = "streamrec.metrics";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterHandler.class);
    private PipelineMetrics metrics = new PipelineMetrics();

    @Override
    public void configure(Map<String, ?> configs) {
        super.configure(configs);
        if (configs.get(METRICS_CONFIG) instanceof PipelineMetrics shared) {
            metrics = shared;
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                Exception exception) {
        RejectReason reason = exception instanceof InvalidEventException invalid
                ? invalid.reason() : RejectReason.WRONG_SHAPE;
        metrics.input().reject(reason);
        log.debug("dead-lettering {}-{}@{}: {}", context.topic(), context.partition(), context.offset(),
                exception.getMessage());
        Response response = super.handleError(context, record, exception);
        return Response.resume(BoundedDeadLetters.bound(response.deadLetterQueueRecords(), reason));
    }
}
