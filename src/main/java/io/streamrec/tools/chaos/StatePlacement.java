package io.streamrec.tools.chaos;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.utils.Utils;

/**
 * Where each user's state lives, task by task: a store's changelog partition N holds exactly what task N's store
 * holds (whichever instance runs the task, dead instances included), so the latest record of a user in partition
 * N of a changelog says whether task N has state for that user. Built from every record of the user stores'
 * changelogs ({@link #record}); pure otherwise.
 *
 * <p>A user served by two tasks — a record processed where it landed instead of on the user's task — leaves
 * state in a second partition; a user whose records all reached the wrong task has state only there. Either is
 * a split: the task Kafka Streams routes the user to ({@code murmur2(user) % partitions}) does not hold all of it.
 */
final class StatePlacement {
    private final int partitions;
    /** user → store → partition → the user's latest record there is a value (not a tombstone). */
    private final Map<String, Map<String, Map<Integer, Boolean>>> latest = new HashMap<>();

    StatePlacement(int partitions) {
        this.partitions = partitions;
    }

    /** One changelog record, in offset order within its partition; {@code live} is false for a tombstone. */
    void record(String store, int partition, String user, boolean live) {
        if (user == null) {
            return;
        }
        latest.computeIfAbsent(user, u -> new HashMap<>()).computeIfAbsent(store, s -> new HashMap<>())
                .put(partition, live);
    }

    int partitions() {
        return partitions;
    }

    /** The task (partition) that owns {@code user}: where Kafka's Java producer and Kafka Streams put it. */
    int ownTask(String user) {
        return Utils.toPositive(Utils.murmur2(user.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** Tasks holding any state of {@code user}, in any of {@code stores}. */
    Set<Integer> tasksHolding(String user, Set<String> stores) {
        Set<Integer> tasks = new TreeSet<>();
        latest.getOrDefault(user, Map.of()).forEach((store, byPartition) -> {
            if (stores.contains(store)) {
                byPartition.forEach((partition, live) -> {
                    if (live) {
                        tasks.add(partition);
                    }
                });
            }
        });
        return tasks;
    }

    /** Stores (of {@code stores}) holding state of {@code user} in any task. */
    List<String> storesHolding(String user, Set<String> stores) {
        List<String> holding = new ArrayList<>();
        latest.getOrDefault(user, Map.of()).forEach((store, byPartition) -> {
            if (stores.contains(store) && byPartition.containsValue(Boolean.TRUE)) {
                holding.add(store);
            }
        });
        holding.sort(null);
        return holding;
    }

    /** Users with state (in any of {@code stores}) in more than one task or in a task not their own, with where. */
    Map<String, Set<Integer>> split(Set<String> stores) {
        Map<String, Set<Integer>> split = new HashMap<>();
        for (String user : latest.keySet()) {
            Set<Integer> tasks = tasksHolding(user, stores);
            if (tasks.size() > 1 || (tasks.size() == 1 && !tasks.contains(ownTask(user)))) {
                split.put(user, tasks);
            }
        }
        return split;
    }

    /** Users with state in at least one of {@code stores}. */
    long usersWithState(Set<String> stores) {
        return latest.keySet().stream().filter(user -> !tasksHolding(user, stores).isEmpty()).count();
    }
}
