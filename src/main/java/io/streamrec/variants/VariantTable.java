package io.streamrec.variants;

import io.streamrec.scoring.ModelHolder;
import io.streamrec.scoring.SessionModel;
import io.streamrec.scoring.Swappable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The variants served at one moment and their assignment: immutable, replaced as a whole by each update. */
final class VariantTable {
    /** A served variant: its announcement, and its model's holder (null unless a model). */
    record Entry(VariantAnnouncement announcement, ModelHolder holder) {
        /** What it serves now: the installed model's version, or the kind's wire name. */
        String served() {
            return holder != null ? holder.current().version() : announcement.servedVersion();
        }

        void close() {
            if (holder != null) {
                holder.close();
            }
        }
    }

    private final String salt;
    private final Map<String, Entry> entries;
    private final VariantAssignment assignment;

    private VariantTable(String salt, Map<String, Entry> entries) {
        this.salt = salt;
        this.entries = Collections.unmodifiableMap(new TreeMap<>(entries));
        Map<String, Double> shares = new TreeMap<>();
        entries.forEach((name, entry) -> shares.put(name, entry.announcement().share()));
        this.assignment = VariantAssignment.of(salt, shares);
    }

    static VariantTable empty(String salt) {
        return new VariantTable(salt, Map.of());
    }

    Entry get(String name) {
        return name == null ? null : entries.get(name);
    }

    Map<String, Entry> entries() {
        return entries;
    }

    /** What the variant serves now, or null when it is not served. */
    String served(String name) {
        Entry entry = get(name);
        return entry == null ? null : entry.served();
    }

    /** What each variant serves, by name; the default model when no variant has a positive share. */
    Map<String, String> versions(ModelHolder defaultModel) {
        Map<String, String> versions = new TreeMap<>();
        entries.forEach((name, entry) -> versions.put(name, entry.served()));
        if (assignment.isEmpty()) {
            versions.put(VariantModels.DEFAULT_VARIANT, defaultModel.current().version());
        }
        return versions;
    }

    Map<String, VariantAnnouncement> announcements() {
        Map<String, VariantAnnouncement> result = new TreeMap<>();
        entries.forEach((name, entry) -> result.put(name, entry.announcement()));
        return result;
    }

    VariantAssignment assignment() {
        return assignment;
    }

    VariantTable with(String name, Entry entry) {
        Map<String, Entry> next = new TreeMap<>(entries);
        next.put(name, entry);
        return new VariantTable(salt, next);
    }

    VariantTable without(String name) {
        Map<String, Entry> next = new TreeMap<>(entries);
        next.remove(name);
        return new VariantTable(salt, next);
    }

    /**
     * Leases every model that serves someone (the default model when no variant does); null when a holder was
     * closed meanwhile, i.e. this table has been replaced: read the new one and try again.
     */
    VariantSnapshot snapshot(ModelHolder defaultModel) {
        if (assignment.isEmpty()) {
            Swappable.Lease<SessionModel> lease = defaultModel.tryLease();
            if (lease == null) {
                throw new IllegalStateException("the default model is closed");
            }
            SessionModel model = lease.value();
            return new VariantSnapshot(assignment, Map.of(), new ServedVariant(VariantModels.DEFAULT_VARIANT,
                    VariantKind.MODEL, model.version(), model), List.of(lease));
        }
        List<Swappable.Lease<SessionModel>> leases = new ArrayList<>();
        Map<String, ServedVariant> variants = new LinkedHashMap<>();
        for (Entry entry : entries.values()) {
            VariantAnnouncement a = entry.announcement();
            if (a.share() <= 0) {
                continue;
            }
            if (entry.holder() == null) {
                variants.put(a.variant(), new ServedVariant(a.variant(), a.kind(), a.servedVersion(), null));
                continue;
            }
            Swappable.Lease<SessionModel> lease = entry.holder().tryLease();
            if (lease == null) {
                leases.forEach(Swappable.Lease::close);
                return null;
            }
            leases.add(lease);
            SessionModel model = lease.value();
            variants.put(a.variant(), new ServedVariant(a.variant(), a.kind(), model.version(), model));
        }
        return new VariantSnapshot(assignment, Collections.unmodifiableMap(variants), null, leases);
    }
}
