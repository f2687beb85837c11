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
 * items               item id             catalog JSON {"item","category","available",...} (CatalogCodec); null = removed
 * streamrec.catalog   item id             the checked catalog item (CatalogItemBytes), written by the app
 * streamrec.trending  scope#partition     one task's trending items of one scope (DecayedCounter), written by the app
 * streamrec.copurchases item#partition    one task's co-purchase partners of one item (CoPurchases), written by the app
 * model-updates       variant name        announcement JSON {"variant","version","location","sha256","share"}
 *                                         (AnnouncementCodec); null = variant removed
 * model-events        variant name        what an instance did with an announcement (ModelEventCodec)
 * recommendation-metrics variant name     one task's online feedback for one event-time window (JSON)
 * </pre>
 * {@code recommendations}, {@code user-deletions}, {@code streamrec.dlq} and {@code items} are the defaults of
 * {@code recommendations.topic}, {@code deletions.topic}, {@code dlq.topic} and {@code catalog.topic}. The last three
 * topics carry state the app shares between all its tasks: each instance reads them whole into a global store.
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
    private final Topic<String, byte[]> catalog;
    private final Topic<String, byte[]> checkedCatalog;
    private final Topic<String, byte[]> trending;
    private final Topic<String, byte[]> coPurchases;
    private final String modelUpdates;
    private final String modelEvents;
    private final String feedback;

    public Topics(StreamrecConfig config, EventCodec codec) {
        Serde<Event> eventSerde = eventSerde(codec);
        for (EventType type : EventType.values()) {
            events.put(type, new Topic<>(eventTopic(type), Serdes.String(), eventSerde));
        }
        deletions = new Topic<>(config.deletionsTopic(), Serdes.String(), Serdes.ByteArray());
        recommendations = new Topic<>(config.recommendationsTopic(), Serdes.String(), Serdes.ByteArray());
        dlq = new Topic<>(config.dlqTopic(), Serdes.ByteArray(), Serdes.ByteArray());
        catalog = bytes(config.catalog().topic());
        checkedCatalog = bytes("streamrec.catalog");
        trending = bytes("streamrec.trending");
        coPurchases = bytes("streamrec.copurchases");
        modelUpdates = config.modelUpdatesTopic();
        modelEvents = config.modelEventsTopic();
        feedback = config.feedbackTopic();
    }

    private static Topic<String, byte[]> bytes(String name) {
        return new Topic<>(name, Serdes.String(), Serdes.ByteArray());
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

    /** The shop's catalog (input). */
    public Topic<String, byte[]> catalog() {
        return catalog;
    }

    /** The catalog records that passed the checks, read whole by every instance. */
    public Topic<String, byte[]> checkedCatalog() {
        return checkedCatalog;
    }

    /** Each task's trending items per scope, read whole by every instance. */
    public Topic<String, byte[]> trending() {
        return trending;
    }

    /** Each task's co-purchase partners per item, read whole by every instance. */
    public Topic<String, byte[]> coPurchases() {
        return coPurchases;
    }

    /** Every topic name, inputs first. */
    public List<String> names() {
        List<String> names = new ArrayList<>(eventTopicNames());
        names.addAll(List.of(deletions.name(), catalog.name(), modelUpdates, recommendations.name(), dlq.name(),
                checkedCatalog.name(), trending.name(), coPurchases.name(), modelEvents, feedback));
        return names;
    }

    private static Serde<Event> eventSerde(EventCodec codec) {
        return Serdes.serdeFrom((topic, event) -> codec.write(event), (topic, bytes) -> codec.parse(bytes));
    }
}
