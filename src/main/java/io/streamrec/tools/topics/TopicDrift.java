package io.streamrec.tools.topics;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Differences between a declared topic and the topic the cluster has; pure, no Kafka calls. */
final class TopicDrift {
    private TopicDrift() {
    }

    /**
     * @param actualConfig the topic's effective configs by name (defaults included)
     * @return one readable line per difference; empty when the topic matches
     */
    static List<String> differences(TopicSpec declared, int actualPartitions, int actualReplicationFactor,
                                    Map<String, String> actualConfig) {
        List<String> differences = new ArrayList<>();
        if (declared.partitions() != actualPartitions) {
            differences.add("partitions: declared " + declared.partitions() + ", actual " + actualPartitions);
        }
        if (declared.replicationFactor() != actualReplicationFactor) {
            differences.add("replication factor: declared " + declared.replicationFactor()
                    + ", actual " + actualReplicationFactor);
        }
        declared.config().forEach((key, value) -> {
            String actual = actualConfig.get(key);
            if (actual == null) {
                differences.add(key + ": declared " + value + ", but the broker does not know this config");
            } else if (!sameValue(value, actual)) {
                differences.add(key + ": declared " + value + ", actual " + actual);
            }
        });
        return differences;
    }

    /** Compares as numbers when both are numbers, as sets for comma lists ("compact,delete"), else as text. */
    static boolean sameValue(String declared, String actual) {
        String a = declared.strip();
        String b = actual.strip();
        if (a.equals(b)) return true;
        BigDecimal x = number(a);
        BigDecimal y = number(b);
        if (x != null && y != null) return x.compareTo(y) == 0;
        return elements(a).equals(elements(b));
    }

    private static BigDecimal number(String text) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Set<String> elements(String list) {
        return Arrays.stream(list.split(",")).map(String::strip).collect(Collectors.toCollection(TreeSet::new));
    }
}
