package io.streamrec;

import io.streamrec.events.EventType;
import io.streamrec.scoring.InferenceOptions;
import io.streamrec.scoring.SessionModel;
import io.streamrec.session.Interaction;
import io.streamrec.session.SessionState;
import java.nio.file.Files;
import java.nio.file.Path;

/** The bundled demo model (streams-app/model), trained by model-export on simulator traffic. */
public final class TestModels {
    public static final Path DEMO_MODEL = Path.of("streams-app/model");

    private TestModels() {
    }

    public static SessionModel demoModel() {
        if (!Files.isRegularFile(DEMO_MODEL.resolve("model.onnx"))) {
            throw new IllegalStateException("bundled model missing at " + DEMO_MODEL.toAbsolutePath()
                    + "; run `make model`");
        }
        return SessionModel.load(DEMO_MODEL, InferenceOptions.CPU_SINGLE_THREAD);
    }

    /** A session of clicks on {@code items}, in order, one millisecond apart (window 50, 10 remembered ids). */
    public static SessionState clicks(String... items) {
        SessionState state = new SessionState();
        long ts = 1;
        for (String item : items) {
            state.record(new Interaction(item, EventType.CLICK, ts++), 50, 10);
        }
        return state;
    }
}
