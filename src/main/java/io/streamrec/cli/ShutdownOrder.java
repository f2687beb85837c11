package io.streamrec.cli;

import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order of a clean stop: the app (stream threads, then HTTP) first, the model's native session only after every
 * stream thread has stopped. A thread still inside the model when its native memory is freed could crash the JVM, so
 * when the app does not stop in time the session is left to the process exit.
 */
final class ShutdownOrder {
    private static final Logger log = LoggerFactory.getLogger(ShutdownOrder.class);

    private ShutdownOrder() {
    }

    /**
     * @param closeApp closes the app; true when every stream thread stopped
     * @return true when the model was freed
     */
    static boolean stop(BooleanSupplier closeApp, AutoCloseable model) {
        if (!closeApp.getAsBoolean()) {
            log.warn("stream threads still running; leaving the model session to the process exit");
            return false;
        }
        try {
            model.close();
        } catch (Exception e) {
            log.warn("closing the model failed: {}", e.toString());
        }
        return true;
    }
}
