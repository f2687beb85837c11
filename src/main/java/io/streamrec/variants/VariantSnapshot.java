package io.streamrec.variants;

import io.streamrec.scoring.SessionModel;
import io.streamrec.scoring.Swappable;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The variants one batch scores with, fixed for the batch: the assignment and a lease on each model that serves
 * anyone. Close it when the batch is done (try-with-resources): a model swapped out meanwhile is closed only then.
 * One thread's use; take a new snapshot per batch.
 */
public final class VariantSnapshot implements AutoCloseable {
    private final VariantAssignment assignment;
    private final Map<String, ServedVariant> variants;
    private final ServedVariant fallback;
    private final List<Swappable.Lease<SessionModel>> leases;

    VariantSnapshot(VariantAssignment assignment, Map<String, ServedVariant> variants, ServedVariant fallback,
                    List<Swappable.Lease<SessionModel>> leases) {
        this.assignment = assignment;
        this.variants = variants;
        this.fallback = fallback;
        this.leases = leases;
    }

    /** The variant that serves {@code user} in this batch. */
    public ServedVariant variantOf(String user) {
        if (fallback != null) {
            return fallback;
        }
        return variants.get(assignment.assign(user));
    }

    /** Every variant that serves someone in this batch. */
    public Collection<ServedVariant> variants() {
        return fallback != null ? List.of(fallback) : variants.values();
    }

    public VariantAssignment assignment() {
        return assignment;
    }

    /** Releases the batch's leases; a model replaced meanwhile is closed here when this was its last lease. */
    @Override
    public void close() {
        for (Swappable.Lease<SessionModel> lease : leases) {
            lease.close();
        }
    }
}
