package io.streamrec.topology;

import io.streamrec.metrics.PipelineMetrics;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what a failed write means. A dead-letter record that cannot be written (it is bounded, so this is a broker
 * refusing it, e.g. a smaller {@code max.message.bytes} on the DLQ topic) is given up with an ERROR line naming the
 * source and a metric: the input record is already judged bad, and stopping the instance for it would stop every
 * user's recommendations and meet the same record again after a restart. A failed write of a list or a changelog
 * entry stops the instance as before (Kafka Streams restarts it from committed state): losing those silently would
 * break exactly-once.
 */
public class DeadLetterProductionHandler implements ProductionExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(DeadLetterProductionHandler.class);
    private String dlqTopic;
    private PipelineMetrics metrics = new PipelineMetrics();

    @Override
    public void configure(Map<String, ?> configs) {
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        dlqTopic = topic == null ? null : topic.toString();
        if (configs.get(DeadLetterHandler.METRICS_CONFIG) instanceof PipelineMetrics shared) {
            metrics = shared;
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
                                Exception exception) {
        if (record.topic().equals(dlqTopic)) {
            metrics.input().deadLetterLost();
            log.error("dead-letter record for {}-{}@{} could not be written and is given up: {}", context.topic(),
                    context.partition(), context.offset(), exception.toString());
            return Response.resume();
        }
        return Response.fail();
    }
}
