package io.streamrec.topology;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * The time of a deletion request: its record timestamp, or, when a producer sent none (-1, which Kafka Streams'
 * default extractor refuses by stopping the instance), the time the request is read.
 */
public final class RequestTimeExtractor implements TimestampExtractor {
    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        return record.timestamp() >= 0 ? record.timestamp() : System.currentTimeMillis();
    }
}
