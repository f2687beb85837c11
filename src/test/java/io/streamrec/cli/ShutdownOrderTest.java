package io.streamrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShutdownOrderTest {
    private final List<String> steps = new ArrayList<>();

    @Test
    void shouldFreeTheModelOnlyAfterTheAppStopped() {
        assertTrue(ShutdownOrder.stop(() -> steps.add("app closed"), () -> steps.add("model freed")));
        assertEquals(List.of("app closed", "model freed"), steps);
    }

    @Test
    void shouldLeaveTheModelAloneWhenStreamThreadsAreStillRunning() {
        assertFalse(ShutdownOrder.stop(() -> {
            steps.add("app close timed out");
            return false;
        }, () -> steps.add("model freed")));
        assertEquals(List.of("app close timed out"), steps);
    }
}
