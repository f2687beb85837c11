package io.streamrec.tools.bench;

import io.streamrec.kafka.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** The input topics' end offsets and a group's lag behind them, read with the admin client. */
final class InputOffsets {
    private final Admin admin;
    private final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();

    InputOffsets(Admin admin) throws Exception {
        this.admin = admin;
        for (String topic : Topics.eventTopicNames()) {
            admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        }
    }

    Map<TopicPartition, Long> ends() throws Exception {
        Map<TopicPartition, Long> end = new HashMap<>();
        admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> end.put(tp, info.offset()));
        return end;
    }

    /** Records written to the input topics so far. */
    long total() throws Exception {
        return ends().values().stream().mapToLong(Long::longValue).sum();
    }

    /** Records on the input topics that the group has not committed yet (a partition never committed counts whole). */
    long lag(String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> end : ends().entrySet()) {
            OffsetAndMetadata at = committed.get(end.getKey());
            lag += Math.max(0, end.getValue() - (at == null ? 0 : at.offset()));
        }
        return lag;
    }

    /** Makes the group start at the current end of the input topics, whatever they held before. */
    void startGroupAtEnd(String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
        ends().forEach((tp, offset) -> start.put(tp, new OffsetAndMetadata(offset)));
        admin.alterConsumerGroupOffsets(group, start).all().get(30, TimeUnit.SECONDS);
    }
}
