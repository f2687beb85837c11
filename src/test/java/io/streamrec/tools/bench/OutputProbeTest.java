package io.streamrec.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutputProbeTest {

    private static long ts(String json) {
        return OutputProbe.eventTimestamp(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadTheEventTimestampOfAListAndOfTheMinimalAppsCount() {
        assertEquals(1732900000123L, ts("{\"user\":\"u1\",\"items\":[{\"item\":\"sku-1\",\"score\":0.5}],"
                + "\"model\":\"m\",\"generated_at\":1732900000200,\"event_ts\":1732900000123,\"seq\":4}"));
        assertEquals(17, ts("{\"user\":\"u1\",\"count\":3,\"event_ts\": 17}"));
    }

    @Test
    void shouldNotBeFooledByTheNameInsideAString() {
        assertEquals(-1, ts("{\"user\":\"x\\\"event_ts\\\":5\"}"));
        assertEquals(-1, ts("{\"user\":\"u1\"}"));
        assertEquals(-1, OutputProbe.eventTimestamp(null));
    }
}
