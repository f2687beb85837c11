package io.streamrec.tools.broker;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Keeps one harmless broker error out of the embedded broker's log: under transactions v2 (Kafka 4.x), when a
 * transactional producer's first two batches to a partition arrive out of order, the broker refuses the second one
 * ({@code OutOfOrderSequenceException: ... Expected sequence 0 for transactions v2 idempotent producer with no
 * existing state}) and {@code ReplicaManager} logs that at ERROR with a stack trace, although the producer just
 * retries it after the first (nothing is lost or doubled: {@code streamrec chaos} checks exactly that). A demo
 * printed a few at every start. Every other broker error, this exception with any other message included, is
 * logged as before.
 */
public final class BrokerLogFilter extends TurboFilter {
    static final String LOGGER = "kafka.server.ReplicaManager";

    /** Adds the filter to Logback once (no-op when Logback is not the SLF4J binding). */
    public static synchronized void install() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
                && context.getTurboFilterList().stream().noneMatch(BrokerLogFilter.class::isInstance)) {
            BrokerLogFilter filter = new BrokerLogFilter();
            filter.setName("streamrec-broker-log-filter");
            filter.start();
            context.addTurboFilter(filter);
        }
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        return isRetriedFirstBatch(logger == null ? null : logger.getName(), t) ? FilterReply.DENY : FilterReply.NEUTRAL;
    }

    /** True for ReplicaManager's report of a transactions-v2 producer's first batches arriving out of order. */
    static boolean isRetriedFirstBatch(String loggerName, Throwable t) {
        return LOGGER.equals(loggerName) && t instanceof OutOfOrderSequenceException
                && t.getMessage() != null && t.getMessage().contains("Expected sequence 0 for transactions v2");
    }
}
