package io.streamrec.app;

import io.streamrec.config.StreamrecConfig;
import io.streamrec.metrics.PipelineMetrics;
import io.streamrec.scoring.ModelHolder;
import io.streamrec.topology.RecommenderTopology;
import io.streamrec.variants.OnlineFeedback;
import io.streamrec.variants.VariantModels;
import io.streamrec.topology.StreamsSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running streamrec instance: the topology on Kafka Streams, with the model it scores with. */
public final class StreamrecApp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamrecApp.class);

    private final StreamrecConfig config;
    private final ModelHolder models;
    private final PipelineMetrics metrics;
    private final KafkaStreams streams;
    private final int partitions;
    private final VariantModels variants;
    private final ModelControl control;
    private final AutoCloseable kafkaMeters;
    private final OnlineFeedback feedback = new OnlineFeedback();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean failed;

    public StreamrecApp(StreamrecConfig config, ModelHolder models, PipelineMetrics metrics) {
        this(config, models, metrics, null);
    }

    /** @param applicationServer {@code host:port} of this instance's HTTP server (interactive queries), or null */
    public StreamrecApp(StreamrecConfig config, ModelHolder models, PipelineMetrics metrics, String applicationServer) {
        this.config = config;
        this.models = models;
        this.metrics = metrics;
        TimestampLimits.check(config, Duration.ofSeconds(30));
        this.partitions = TopicLayout.check(config, Duration.ofSeconds(60));
        this.variants = RecommenderTopology.variantsOf(config, models, Clock.systemUTC());
        this.control = new ModelControl(config, variants, metrics);
        this.streams = new GuardedKafkaStreams(
                RecommenderTopology.build(config, partitions, models, variants, feedback, metrics,
                        Clock.systemUTC()),
                StreamsSettings.of(config, metrics, applicationServer));
        this.kafkaMeters = AppMeters.bind(metrics.registry(), streams, models);
        streams.setUncaughtExceptionHandler(exception -> {
            log.error("stream thread failed; shutting this instance down so it restarts from committed state",
                    exception);
            failed = true;
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((newState, oldState) -> {
            log.info("streams state {} -> {}", oldState, newState);
            if (newState == KafkaStreams.State.NOT_RUNNING || newState == KafkaStreams.State.ERROR) {
                stopped.countDown();
            }
        });
    }

    /** Live: no stream thread has failed and the client is not in an error state. */
    public boolean isLive() {
        KafkaStreams.State state = streams.state();
        return !failed && state != KafkaStreams.State.ERROR && state != KafkaStreams.State.PENDING_ERROR;
    }

    /** Ready: every stream thread is RUNNING (assigned, restored) and a model is loaded. */
    public boolean isReady() {
        return streams.state() == KafkaStreams.State.RUNNING && models.current() != null;
    }

    public ModelHolder models() {
        return models;
    }

    public void start() {
        log.info("starting streamrec {} against {} with model {}", config.applicationId(),
                config.bootstrapServers(), models.current().version());
        control.start(Duration.ofSeconds(60));
        streams.start();
    }

    /** Waits until every stream thread is RUNNING (assignment and state restoration done). */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            KafkaStreams.State state = streams.state();
            if (state == KafkaStreams.State.RUNNING) {
                return true;
            }
            if (!state.isRunningOrRebalancing() && state != KafkaStreams.State.CREATED) {
                return false;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** Blocks until the instance stops by itself (error) or is closed. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean failed() {
        return failed || streams.state() == KafkaStreams.State.ERROR;
    }

    /** The partition count of the input topics: a user's records belong to {@code murmur2(user) % partitions}. */
    public int partitions() {
        return partitions;
    }

    /** The A/B variants this instance serves, from {@code model-updates}. */
    public VariantModels variants() {
        return variants;
    }

    /** This instance's online feedback per variant since it started. */
    public OnlineFeedback feedback() {
        return feedback;
    }

    public StreamrecConfig config() {
        return config;
    }

    public KafkaStreams streams() {
        return streams;
    }

    public PipelineMetrics metrics() {
        return metrics;
    }

    /**
     * Stops processing and commits, waiting at most {@code timeout}; true when every stream thread stopped. A static
     * member ({@code group.instance.id}) stays in the group, so a restart within the session timeout (a rolling
     * update) costs no rebalance; a dynamic member leaves it, so its partitions move at once.
     */
    public boolean close(Duration timeout) {
        CloseOptions.GroupMembershipOperation membership = config.hasGroupInstanceId()
                ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP
                : CloseOptions.GroupMembershipOperation.LEAVE_GROUP;
        control.close();
        closeQuietly(kafkaMeters); // its refresh thread reads store metrics, which must not outlive the stores
        boolean clean = streams.close(CloseOptions.timeout(timeout).withGroupMembershipOperation(membership));
        if (clean) {
            variants.close(); // the announced models; a thread still scoring would still hold them otherwise
        } else {
            log.warn("streams did not close within {}", timeout);
        }
        stopped.countDown();
        return clean;
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            log.warn("closing {} failed: {}", closeable.getClass().getSimpleName(), e.toString());
        }
    }
}
