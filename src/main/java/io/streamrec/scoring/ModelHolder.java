package io.streamrec.scoring;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/** The model every stream thread scores with; one per JVM so the ONNX session and its memory are shared. */
public final class ModelHolder implements AutoCloseable {
    private final AtomicReference<SessionModel> current;

    public ModelHolder(SessionModel initial) {
        this.current = new AtomicReference<>(Objects.requireNonNull(initial));
    }

    public SessionModel current() {
        return current.get();
    }

    @Override
    public void close() {
        current.get().close();
    }
}
