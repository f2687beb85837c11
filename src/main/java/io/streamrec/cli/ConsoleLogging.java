package io.streamrec.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** For commands whose console output is their interface (demo, chaos). */
final class ConsoleLogging {
    private ConsoleLogging() {
    }

    /** Kafka's routine warnings (rebalances, metadata, reconnects) would bury the command's own output. */
    static void quietKafka() {
        if (LoggerFactory.getLogger("org.apache.kafka") instanceof Logger kafka) {
            kafka.setLevel(Level.ERROR);
        }
    }
}
