package io.streamrec.kafka;

import io.streamrec.config.StreamrecConfig;
import io.streamrec.events.Event;
import io.streamrec.events.EventCodec;
import io.streamrec.events.EventType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic streamrec reads or writes, once, with its key and value formats. {@code topics/topics.yaml}
 * declares the same names with their partitions and configs (a test keeps the two equal).
 * <pre>
 * topic               key                 value
 * events.click        user id (UTF-8)     event JSON  {"user","item","type","ts",...} (EventCodec)
 * events.cart         user id             event JSON
 * events.purchase     user id             event JSON
 * user-deletions      user id to erase    ignored
 * recommendations     user id             list JSON (RecommendationCodec); null = user forgotten
 * streamrec.dlq       as received         as received; header {@value #DLQ_REASON_HEADER} = reject reason
 * </pre>
 * The last three names come from {@code recommendations.topic}, {@code deletions.topic} and {@code dlq.topic}.
 */
public final class Topics {
    /** Header on every dead-letter record naming its {@link io.streamrec.events.RejectReason} code. */
    public static final String DLQ_REASON_HEADER = "streamrec.reason";
    /** Header on a dead-letter record that had to be cut to stay writable: what was cut, e.g. the value's size. */
    public static final String DLQ_TRUNCATED_HEADER = "streamrec.truncated";

    private final Map<EventType, Topic<String, Event>> events = new EnumMap<>(EventType.class);
    private final Topic<String, byte[]> deletions;
    private final Topic<String, byte[]> recommendations;
    private final Topic<byte[], byte[]> dlq;

    public Topics(StreamrecConfig config, EventCodec codec) {
        Serde<Event> eventSerde = eventSerde(codec);
        for (EventType type : EventType.values()) {
            events.put(type, new Topic<>(eventTopic(type), Serdes.String(), eventSerde));
        }
        deletions = new Topic<>(config.deletionsTopic(), Serdes.String(), Serdes.ByteArray());
        recommendations = new Topic<>(config.recommendationsTopic(), Serdes.String(), Serdes.ByteArray());
        dlq = new Topic<>(config.dlqTopic(), Serdes.ByteArray(), Serdes.ByteArray());
    }

    /** The topics of a configuration, with the default event validation (for tools that only produce). */
    public static Topics of(StreamrecConfig config) {
        return new Topics(config, new EventCodec(config.eventLimits(), java.time.Clock.systemUTC()));
    }

    /** The input topic for one kind of event: {@code events.<type>}. */
    public static String eventTopic(EventType type) {
        return "events." + type.wireName();
    }

    /** The three input topics, in {@link EventType} order. */
    public static List<String> eventTopicNames() {
        return Arrays.stream(EventType.values()).map(Topics::eventTopic).toList();
    }

    public Topic<String, Event> events(EventType type) {
        return events.get(type);
    }

    public Serde<Event> eventSerde() {
        return events.get(EventType.CLICK).valueSerde();
    }

    public Topic<String, byte[]> deletions() {
        return deletions;
    }

    public Topic<String, byte[]> recommendations() {
        return recommendations;
    }

    public Topic<byte[], byte[]> dlq() {
        return dlq;
    }

    /** Every topic name, inputs first. */
    public List<String> names() {
        List<String> names = new ArrayList<>(eventTopicNames());
        names.addAll(List.of(deletions.name(), recommendations.name(), dlq.name()));
        return names;
    }

    private static Serde<Event> eventSerde(EventCodec codec) {
        return Serdes.serdeFrom((topic, event) -> codec.write(event), (topic, bytes) -> codec.parse(bytes));
    }
}
