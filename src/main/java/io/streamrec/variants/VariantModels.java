package io.streamrec.variants;

import io.streamrec.scoring.ModelHolder;
import io.streamrec.scoring.SessionModel;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * The variants an instance serves, kept up to date from {@code model-updates} records ({@link #apply}), and read
 * per batch ({@link #snapshot}). One {@link ModelHolder} per model variant: a new version of a variant is loaded
 * and verified beside the old one, swapped in between two batches, and the old one's native session is closed when
 * the last batch using it is done. A refused announcement (unreadable record, missing directory, model.json not the
 * announced sha256 or version, files, signature or parity wrong) changes nothing: the variant keeps serving what it
 * served, with its old share. Rollback is announcing the previous version again.
 *
 * <p>While no announced variant has a positive share, everyone is served by the model the instance started with,
 * named {@value #DEFAULT_VARIANT} (that holder stays its creator's to close). A variant that this instance could
 * not load takes part in nobody's assignment here: its users are spread over the variants this instance serves
 * (only theirs move), and the {@code refused} event says so.
 *
 * <p>Updates ({@link #apply}, {@link #announce}, {@link #remove}) are serialised and meant for one thread, the
 * control-topic consumer (loading a model takes a while); {@link #snapshot} is lock-free, for every stream thread.
 */
public final class VariantModels implements AutoCloseable {
    public static final String DEFAULT_VARIANT = AnnouncementCodec.RESERVED;

    private final ModelHolder defaultModel;
    private final AnnouncedModels.Opener opener;
    private final Clock clock;
    private volatile VariantTable table;
    private boolean closed;

    /**
     * @param defaultModel the model the instance started with (not closed here)
     * @param salt         the assignment's salt: one per experiment, the same on every instance
     * @param opener       opens and verifies a model directory, e.g. {@code dir -> SessionModel.load(dir, options)}
     */
    public VariantModels(ModelHolder defaultModel, String salt, AnnouncedModels.Opener opener, Clock clock) {
        this.defaultModel = Objects.requireNonNull(defaultModel, "defaultModel");
        this.opener = Objects.requireNonNull(opener, "opener");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.table = VariantTable.empty(Objects.requireNonNull(salt, "salt"));
    }

    /**
     * Applies one {@code model-updates} record (value null: a tombstone) and says what became of it. Never throws
     * for a bad record or model: that is a {@code refused} event.
     */
    public synchronized ModelEvent apply(String key, byte[] value) {
        try {
            return AnnouncementCodec.parse(key, value).map(this::announce).orElseGet(() -> remove(key));
        } catch (InvalidAnnouncementException e) {
            return event(key, ModelEvent.Outcome.REFUSED, null, table.served(key), e.getMessage());
        }
    }

    /** Serves {@code announcement}, loading its model unless the variant serves the same files already. */
    public synchronized ModelEvent announce(VariantAnnouncement announcement) {
        checkOpen();
        String name = announcement.variant();
        VariantTable.Entry old = table.get(name);
        String previous = table.served(name);
        if (old != null && old.announcement().servesSameAs(announcement)) {
            table = table.with(name, new VariantTable.Entry(announcement, old.holder()));
        } else if (!announcement.isModel()) {
            table = table.with(name, new VariantTable.Entry(announcement, null));
            if (old != null) {
                old.close();
            }
        } else {
            SessionModel model;
            try {
                model = AnnouncedModels.load(announcement, opener);
            } catch (RuntimeException e) {
                return event(name, ModelEvent.Outcome.REFUSED, announcement.servedVersion(), previous, e.getMessage());
            }
            ModelHolder holder = old != null ? old.holder() : null;
            if (holder != null) {
                holder.swap(model);
            }
            table = table.with(name, new VariantTable.Entry(announcement, holder != null ? holder
                    : new ModelHolder(model)));
        }
        return event(name, ModelEvent.Outcome.ACCEPTED, announcement.servedVersion(), previous, null);
    }

    /** Stops serving a variant; its model is closed once the batches using it are done. */
    public synchronized ModelEvent remove(String variant) {
        checkOpen();
        VariantTable.Entry old = table.get(variant);
        String previous = table.served(variant);
        if (old != null) {
            table = table.without(variant);
            old.close();
        }
        return event(variant, ModelEvent.Outcome.REMOVED, null, previous, null);
    }

    /** The variants and models for one batch (close it when the batch is done). */
    public VariantSnapshot snapshot() {
        while (true) {
            VariantSnapshot snapshot = table.snapshot(defaultModel);
            if (snapshot != null) {
                return snapshot;
            }
        }
    }

    /** What each variant serves now (model version or kind), by name; the default model when nobody else serves. */
    public Map<String, String> versions() {
        return table.versions(defaultModel);
    }

    /** The announcements being served, by name. */
    public Map<String, VariantAnnouncement> announcements() {
        return table.announcements();
    }

    public VariantAssignment assignment() {
        return table.assignment();
    }

    /** Stops serving every variant (their models close once their batches are done); the default model stays. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            VariantTable old = table;
            table = VariantTable.empty(old.assignment().salt());
            old.entries().values().forEach(VariantTable.Entry::close);
        }
    }

    /** The event for {@code name}: what was announced, what it serves now and what it served before. */
    private ModelEvent event(String name, ModelEvent.Outcome outcome, String announced, String previous,
                             String reason) {
        VariantTable.Entry now = table.get(name);
        return new ModelEvent(name, outcome, announced, table.served(name), previous,
                now == null ? null : now.announcement().share(), reason, clock.millis());
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("variant models are closed");
        }
    }
}
