package io.streamrec.tools.topics;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Waits until every partition of some topics has a leader that serves requests.
 *
 * <p>A topic counts as created once the controller has committed it, a moment before its leader can take
 * writes; an idempotent producer that starts in that moment can lose its first batch to
 * OUT_OF_ORDER_SEQUENCE_NUMBER (KAFKA-15591). Listing the partitions' end offsets succeeds only once each
 * leader serves the partition. {@link TopicsApplier} waits for the topics it creates; call this after
 * creating topics any other way.
 */
public final class LeaderWait {
    private static final long RETRY_PAUSE_MS = 100;

    private LeaderWait() {
    }

    /** @param partitionCounts partition count by topic name */
    public static void await(Admin admin, Map<String, Integer> partitionCounts, Duration timeout) {
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        partitionCounts.forEach((topic, count) -> {
            for (int p = 0; p < count; p++) partitions.put(new TopicPartition(topic, p), OffsetSpec.latest());
        });
        if (partitions.isEmpty()) return;
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                try {
                    admin.listOffsets(partitions).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    return;
                } catch (ExecutionException e) {
                    // the admin client gives up at once on a topic its metadata does not show yet
                    boolean retriable = e.getCause() instanceof RetriableException;
                    if (!retriable || System.nanoTime() - deadline > 0) {
                        throw new TopicsApplyException("partitions " + partitionCounts.keySet()
                                + " have no serving leader: " + e.getCause().getMessage(), e.getCause());
                    }
                }
                Thread.sleep(RETRY_PAUSE_MS);
            }
        } catch (TimeoutException e) {
            throw new TopicsApplyException("partitions " + partitionCounts.keySet() + " have no serving leader after "
                    + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicsApplyException("interrupted while waiting for partition leaders", e);
        }
    }
}
