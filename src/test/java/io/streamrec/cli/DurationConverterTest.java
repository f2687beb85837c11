package io.streamrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
    private final DurationConverter converter = new DurationConverter();

    @Test
    void shouldReadShortAndIsoDurations() {
        assertEquals(Duration.ofMillis(500), converter.convert("500ms"));
        assertEquals(Duration.ofSeconds(30), converter.convert("30s"));
        assertEquals(Duration.ofMinutes(5), converter.convert("5m"));
        assertEquals(Duration.ofHours(2), converter.convert("2h"));
        assertEquals(Duration.ofDays(1), converter.convert("1d"));
        assertEquals(Duration.ofSeconds(90), converter.convert("PT1M30S"));
        assertThrows(TypeConversionException.class, () -> converter.convert("soon"));
    }
}
