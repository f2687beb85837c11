package io.streamrec.scoring;

/**
 * The model every stream thread scores with; one per JVM so the ONNX session and its memory are shared. A new model
 * can be swapped in while batches run: a batch scores with a {@link #lease()} (try-with-resources), so it finishes
 * on the model it started with, and a replaced model's native session is closed only after the last batch using it
 * released its lease.
 */
public final class ModelHolder implements AutoCloseable {
    private final Swappable<SessionModel> slot;

    public ModelHolder(SessionModel initial) {
        this.slot = new Swappable<>(initial);
    }

    /**
     * The model installed now, without a lease: for its metadata (version, vocabulary, manifest). Score through
     * {@link #lease()}: a model read here may be closed as soon as another is swapped in.
     */
    public SessionModel current() {
        return slot.current();
    }

    /** A hold on the model installed now, for one batch; throws {@link IllegalStateException} once closed. */
    public Swappable.Lease<SessionModel> lease() {
        return slot.lease();
    }

    /** As {@link #lease()}, but null once closed. */
    public Swappable.Lease<SessionModel> tryLease() {
        return slot.tryLease();
    }

    /**
     * Installs {@code next} between two batches: leases taken from now on get it, the replaced model is closed
     * when the last lease on it is released.
     *
     * @return the replaced model (for its metadata only)
     */
    public SessionModel swap(SessionModel next) {
        return slot.swap(next);
    }

    /** Leases held now on the installed model. */
    public int leases() {
        return slot.leases();
    }

    /** Closes the installed model, at once or when the last lease on it is released. */
    @Override
    public void close() {
        slot.close();
    }
}
