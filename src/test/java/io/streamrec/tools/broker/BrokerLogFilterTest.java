package io.streamrec.tools.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class BrokerLogFilterTest {
    private static final String RETRIED = "Invalid sequence number for producer 1 at offset 2 in partition "
            + "recommendations-1: 1 (incoming seq. number). Expected sequence 0 for transactions v2 idempotent "
            + "producer with no existing state.";

    @Test
    void shouldDropOnlyTheRetriedFirstBatchErrorOfReplicaManager() {
        BrokerLogFilter.install();
        BrokerLogFilter.install();
        Logger replicaManager = (Logger) LoggerFactory.getLogger("kafka.server.ReplicaManager");
        Logger kafkaApis = (Logger) LoggerFactory.getLogger("kafka.server.KafkaApis");
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        for (Logger logger : List.of(replicaManager, kafkaApis)) {
            logger.addAppender(seen);
            logger.setAdditive(false); // keep the test's own errors off the console
        }
        try {
            replicaManager.error("Error processing append operation on partition x", new OutOfOrderSequenceException(RETRIED));
            replicaManager.error("Error processing append operation on partition y", new OutOfOrderSequenceException(
                    "Out of order sequence number for producer 7 at offset 9 in partition t-0: 5 (incoming seq. "
                            + "number), 3 (current end sequence number)"));
            replicaManager.error("Error processing append operation on partition z", new IllegalStateException(RETRIED));
            kafkaApis.error("another logger", new OutOfOrderSequenceException(RETRIED));
        } finally {
            for (Logger logger : List.of(replicaManager, kafkaApis)) {
                logger.detachAppender(seen);
                logger.setAdditive(true);
            }
        }

        List<String> messages = seen.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(List.of("Error processing append operation on partition y",
                "Error processing append operation on partition z", "another logger"), messages,
                "real problems still show");
    }

    @Test
    void shouldRecogniseTheMessageOnlyFromReplicaManager() {
        assertTrue(BrokerLogFilter.isRetriedFirstBatch("kafka.server.ReplicaManager",
                new OutOfOrderSequenceException(RETRIED)));
        assertFalse(BrokerLogFilter.isRetriedFirstBatch("kafka.server.ReplicaManager", null));
        assertFalse(BrokerLogFilter.isRetriedFirstBatch("kafka.log.UnifiedLog", new OutOfOrderSequenceException(RETRIED)));
    }
}
