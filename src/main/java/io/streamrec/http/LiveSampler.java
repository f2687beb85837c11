package io.streamrec.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One point of the live page, from the pipeline's meters: events/s and lists/s since the previous sample, p50 and
 * p99 of event→list latency over the same interval (from the histogram's bucket counts, interpolated within a
 * bucket; null when no list was emitted), the dead-lettered records by reason since start, and {@code lag}: the
 * largest partition lag of this instance's stream threads (their main consumers' {@code records-lag-max}, records;
 * null before Kafka Streams reports it).
 */
final class LiveSampler {
    /**
     * Per consumer, as Micrometer's {@code KafkaStreamsMetrics} binds it (compared with hyphens as dots: the binder
     * keeps Kafka's). Not the per-partition {@code records-lag}: the binder adds meters that appear after start only
     * at its next refresh, a minute later.
     */
    private static final String LAG = "kafka.consumer.fetch.manager.records.lag.max";
    /** A stream thread's main consumer; not its restore consumer, nor the global thread's. */
    private static final Pattern MAIN_CONSUMER = Pattern.compile("StreamThread-\\d+-consumer$");

    private double events;
    private double lists;
    private long nanos;
    private double[] buckets = new double[0];

    synchronized ObjectNode sample(MeterRegistry registry, long nowNanos, long epochMillis) {
        double eventsNow = count(registry, "streamrec.events.processed");
        double listsNow = count(registry, "streamrec.recommendations.emitted");
        double seconds = nanos == 0 ? 0 : (nowNanos - nanos) / 1e9;
        ObjectNode point = Reply.JSON.createObjectNode().put("ts", epochMillis);
        point.put("events_per_s", seconds > 0 ? round((eventsNow - events) / seconds) : 0);
        point.put("lists_per_s", seconds > 0 ? round((listsNow - lists) / seconds) : 0);
        CountAtBucket[] now = latency(registry);
        point.set("p50_ms", percentile(now, 0.50));
        point.set("p99_ms", percentile(now, 0.99));
        ObjectNode dlq = point.putObject("dlq");
        long total = 0;
        for (Counter counter : registry.find("streamrec.dlq.records").counters()) {
            long n = (long) counter.count();
            dlq.put(counter.getId().getTag("reason"), n);
            total += n;
        }
        point.put("dlq_total", total);
        point.set("lag", lag(registry));
        events = eventsNow;
        lists = listsNow;
        nanos = nowNanos;
        buckets = new double[now.length];
        for (int i = 0; i < now.length; i++) {
            buckets[i] = now[i].count();
        }
        return point;
    }

    private static CountAtBucket[] latency(MeterRegistry registry) {
        Timer timer = registry.find("streamrec.event.to.recommendation").timer();
        if (timer == null) {
            return new CountAtBucket[0];
        }
        HistogramSnapshot snapshot = timer.takeSnapshot();
        return snapshot.histogramCounts();
    }

    /** From cumulative bucket counts minus the previous sample's; null when nothing was recorded in between. */
    private com.fasterxml.jackson.databind.JsonNode percentile(CountAtBucket[] now, double q) {
        if (now.length != buckets.length || now.length == 0) {
            return Reply.JSON.getNodeFactory().nullNode();
        }
        double total = now[now.length - 1].count() - buckets[now.length - 1];
        if (total <= 0) {
            return Reply.JSON.getNodeFactory().nullNode();
        }
        double target = q * total;
        double lowerBound = 0;
        double below = 0;
        for (int i = 0; i < now.length; i++) {
            double upTo = now[i].count() - buckets[i];
            double upperBound = now[i].bucket(TimeUnit.MILLISECONDS);
            if (upTo >= target) {
                double share = upTo == below ? 1 : (target - below) / (upTo - below);
                return Reply.JSON.getNodeFactory().numberNode(round(lowerBound + share * (upperBound - lowerBound)));
            }
            lowerBound = upperBound;
            below = upTo;
        }
        return Reply.JSON.getNodeFactory().numberNode(round(lowerBound));
    }

    private static com.fasterxml.jackson.databind.JsonNode lag(MeterRegistry registry) {
        double max = Double.NaN;
        for (Meter meter : registry.getMeters()) {
            Meter.Id id = meter.getId();
            if (!LAG.equals(id.getName().replace('-', '.')) || !(meter instanceof Gauge gauge)) {
                continue;
            }
            String client = id.getTag("client.id") != null ? id.getTag("client.id") : id.getTag("client-id");
            double value = gauge.value();
            if (client != null && MAIN_CONSUMER.matcher(client).find() && Double.isFinite(value)
                    && !(value <= max)) {
                max = value;
            }
        }
        return Double.isNaN(max) ? Reply.JSON.getNodeFactory().nullNode()
                : Reply.JSON.getNodeFactory().numberNode((long) max);
    }

    private static double count(MeterRegistry registry, String name) {
        Counter counter = registry.find(name).counter();
        return counter == null ? 0 : counter.count();
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
