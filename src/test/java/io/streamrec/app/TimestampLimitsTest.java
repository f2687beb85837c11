package io.streamrec.app;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.config.ConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimestampLimitsTest {

    @Test
    void shouldRefuseAFutureAllowanceTheBrokersWouldNotAccept() {
        ConfigException refused = assertThrows(ConfigException.class,
                () -> TimestampLimits.require(Duration.ofHours(2), Map.of("1", 3_600_000L)));
        assertTrue(refused.getMessage().contains("log.message.timestamp.after.max.ms=3600000"), refused.getMessage());

        TimestampLimits.require(Duration.ofHours(1), Map.of("1", 3_600_000L, "2", Long.MAX_VALUE)); // the defaults
    }
}
