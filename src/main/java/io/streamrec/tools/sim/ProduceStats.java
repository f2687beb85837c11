package io.streamrec.tools.sim;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Outcome of one {@link EventProducer} run. {@code sent} counts events the broker acknowledged,
 * {@code failed} events the producer reported as not delivered, {@code skipped} input lines that were not
 * valid events (never sent).
 *
 * @param sentPerTopic acknowledged events by topic, sorted by topic name
 * @param firstError   the first delivery error or skipped line, null when none
 */
public record ProduceStats(long sent, long failed, long skipped, Duration elapsed,
                           Map<String, Long> sentPerTopic, String firstError) {

    public ProduceStats {
        sentPerTopic = Map.copyOf(sentPerTopic);
    }

    public ProduceStats withSkipped(long skipped, String firstSkip) {
        return new ProduceStats(sent, failed, skipped, elapsed, sentPerTopic, firstError != null ? firstError : firstSkip);
    }

    public double eventsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds == 0 ? 0 : sent / seconds;
    }

    /** e.g. {@code sent 1000 (events.cart=35, events.click=960, events.purchase=5) in 10.0 s = 100.0/s, failed 0, skipped 0}. */
    public String render() {
        String perTopic = sentPerTopic.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
        String text = String.format("sent %d (%s) in %.1f s = %.1f/s, failed %d, skipped %d",
                sent, perTopic, elapsed.toMillis() / 1000.0, eventsPerSecond(), failed, skipped);
        return firstError == null ? text : text + System.lineSeparator() + "first error: " + firstError;
    }
}
