package io.streamrec.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What the pipeline did, as Micrometer meters (exported at {@code /metrics} in Prometheus form, e.g.
 * {@code streamrec_dlq_records_total{reason="not_json"}}). Cheap to update from any stream thread.
 */
public final class PipelineMetrics {
    private final MeterRegistry registry;
    private final Counter events;
    private final Counter recommendations;
    private final Counter coldStarts;
    private final Timer inference;
    private final DistributionSummary batchSize;
    private final Timer eventToRecommendation;
    private final Counter expired;
    private final Counter erased;
    private final Timer pendingWait;
    private final InputMetrics input;

    /** Meters kept in memory only (tests, tools). */
    public PipelineMetrics() {
        this(new SimpleMeterRegistry());
    }

    public PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
        input = new InputMetrics(registry);
        events = Counter.builder("streamrec.events.processed")
                .description("Valid events applied to session state").register(registry);
        recommendations = Counter.builder("streamrec.recommendations.emitted")
                .description("Recommendation lists emitted").register(registry);
        coldStarts = Counter.builder("streamrec.recommendations.cold.start")
                .description("Lists made of popular items because the user had no known item").register(registry);
        inference = Timer.builder("streamrec.inference").description("Time per ONNX Runtime call")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(10_000)).register(registry);
        batchSize = DistributionSummary.builder("streamrec.inference.batch.size")
                .description("Users scored per ONNX Runtime call").publishPercentileHistogram()
                .minimumExpectedValue(1.0).maximumExpectedValue(1024.0).register(registry);
        expired = Counter.builder("streamrec.sessions.expired")
                .description("Users forgotten after session.ttl.ms without events").register(registry);
        pendingWait = Timer.builder("streamrec.batch.wait")
                .description("From a user's event making them pending to the start of their batch's scoring: the "
                        + "staleness that batching adds: batch.max.delay.ms, or twice the last model call if longer")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(1)).register(registry);
        erased = Counter.builder("streamrec.users.erased")
                .description("Users erased on request (records on the deletions topic)").register(registry);
        eventToRecommendation = Timer.builder("streamrec.event.to.recommendation")
                .description("From the newest event's timestamp to its list being emitted (before the commit"
                        + " makes it visible to read_committed consumers)")
                .publishPercentileHistogram().register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** What happened to input records that were not simply applied: dead-lettered, re-routed, dropped. */
    public InputMetrics input() {
        return input;
    }

    public void event() {
        events.increment();
    }

    public void recommendation(boolean coldStart, long eventToEmitMillis) {
        recommendations.increment();
        if (coldStart) {
            coldStarts.increment();
        }
        eventToRecommendation.record(Math.max(0, eventToEmitMillis), TimeUnit.MILLISECONDS);
    }

    public void inference(int rows, long nanos) {
        inference.record(nanos, TimeUnit.NANOSECONDS);
        batchSize.record(rows);
    }

    public void expired(int users) {
        expired.increment(users);
    }

    public void pendingWait(long nanos) {
        pendingWait.record(nanos, TimeUnit.NANOSECONDS);
    }

    public double pendingWaitMeanMillis() {
        return pendingWait.mean(TimeUnit.MILLISECONDS);
    }

    public double pendingWaitMaxMillis() {
        return pendingWait.max(TimeUnit.MILLISECONDS);
    }

    /**
     * One event matched against the list its user was last sent: its item's rank there (0: not in it), per variant,
     * event type and population ({@code all}, {@code new_item}). Hit rate = hits / events; MRR = reciprocal rank sum /
     * events.
     */
    public void feedback(String variant, String type, String population, int rank) {
        Tags tags = Tags.of("variant", variant, "type", type, "population", population);
        registry.counter("streamrec.feedback.events", tags).increment();
        if (rank > 0) {
            registry.counter("streamrec.feedback.hits", tags).increment();
            registry.counter("streamrec.feedback.reciprocal.rank", tags).increment(1.0 / rank);
        }
    }

    /** One {@code model-updates} record applied: {@code accepted}, {@code refused} or {@code removed}. */
    public void modelEvent(String outcome) {
        Counter.builder("streamrec.model.updates").tag("outcome", outcome)
                .description("model-updates records by what became of them").register(registry).increment();
    }

    public double modelEvents(String outcome) {
        Counter counter = registry.find("streamrec.model.updates").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    public void erased() {
        erased.increment();
    }

    public long erasedUsers() {
        return (long) erased.count();
    }

    public long expired() {
        return (long) expired.count();
    }

    public long events() {
        return (long) events.count();
    }

    public long recommendations() {
        return (long) recommendations.count();
    }

    public long coldStarts() {
        return (long) coldStarts.count();
    }

    public long inferenceCalls() {
        return inference.count();
    }

    public long inferenceRows() {
        return (long) batchSize.totalAmount();
    }
}
