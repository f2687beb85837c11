package io.streamrec.topology;

import io.streamrec.events.Event;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time is the event's own {@code ts}, not when a producer happened to send it: stream time, and with it
 * the session TTL, follows the shoppers' clock.
 */
public final class EventTimeExtractor implements TimestampExtractor {
    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        return record.value() instanceof Event event ? event.ts() : record.timestamp();
    }
}
