package io.streamrec.tools.topics;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** What {@link TopicsApplier} found and did, one entry per declared topic, in declaration order. */
public record TopicsReport(List<Entry> entries) {

    public enum Status { CREATED, UNCHANGED, DRIFTED }

    /**
     * @param details differences for a drifted topic, and notes such as a capped replication factor
     */
    public record Entry(String topic, Status status, List<String> details) {
        public Entry {
            details = List.copyOf(details);
        }
    }

    public TopicsReport {
        entries = List.copyOf(entries);
    }

    public List<String> created() {
        return topics(Status.CREATED);
    }

    public List<String> unchanged() {
        return topics(Status.UNCHANGED);
    }

    public List<String> drifted() {
        return topics(Status.DRIFTED);
    }

    public boolean hasDrift() {
        return !drifted().isEmpty();
    }

    /** One line per topic plus indented details, then a totals line. */
    public String render() {
        StringBuilder text = new StringBuilder();
        for (Entry entry : entries) {
            text.append(String.format("%-9s %s%n", entry.status().name().toLowerCase(Locale.ROOT), entry.topic()));
            for (String detail : entry.details()) {
                text.append("          - ").append(detail).append(System.lineSeparator());
            }
        }
        text.append(String.format("%d created, %d unchanged, %d drifted", created().size(),
                unchanged().size(), drifted().size()));
        if (hasDrift()) {
            text.append(" (drifted topics were left as they are; fix them by hand or fix the file)");
        }
        return text.append(System.lineSeparator()).toString();
    }

    private List<String> topics(Status status) {
        return entries.stream().filter(e -> e.status() == status).map(Entry::topic).collect(Collectors.toList());
    }
}
