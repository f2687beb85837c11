package io.streamrec.variants;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One record of the compacted control topic {@code model-updates} (key = variant name): which variant serves what, to
 * what share of users. A model variant names a model directory by {@code location} (a path on a volume every
 * instance mounts at the same place) and the sha256 of its {@code model.json}; a trending or popular variant has no
 * model. See {@link AnnouncementCodec} for the JSON.
 *
 * @param variant  the variant's name, also the record key
 * @param kind     model, trending or popular
 * @param share    the variant's weight in [0, 1] ({@link VariantAssignment})
 * @param version  the model version, as in model.json (null unless a model)
 * @param location the model directory (null unless a model)
 * @param sha256   lower-case hex sha256 of the directory's model.json (null unless a model)
 */
public record VariantAnnouncement(String variant, VariantKind kind, double share, String version, Path location,
                                  String sha256) {

    public VariantAnnouncement {
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(kind, "kind");
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be in [0, 1], got " + share);
        }
        boolean model = kind == VariantKind.MODEL;
        if (model != (version != null) || model != (location != null) || model != (sha256 != null)) {
            throw new IllegalArgumentException("version, location and sha256 are required for a model and absent "
                    + "otherwise (variant " + variant + ", kind " + kind.wireName() + ")");
        }
    }

    public static VariantAnnouncement model(String variant, String version, Path location, String sha256,
                                            double share) {
        return new VariantAnnouncement(variant, VariantKind.MODEL, share, version, location, sha256);
    }

    public static VariantAnnouncement withoutModel(String variant, VariantKind kind, double share) {
        if (kind == VariantKind.MODEL) {
            throw new IllegalArgumentException("a model variant needs version, location and sha256");
        }
        return new VariantAnnouncement(variant, kind, share, null, null, null);
    }

    public boolean isModel() {
        return kind == VariantKind.MODEL;
    }

    /** Same thing served (same model files, or same kind), whatever the share. */
    public boolean servesSameAs(VariantAnnouncement other) {
        return other != null && kind == other.kind && Objects.equals(version, other.version)
                && Objects.equals(location, other.location) && Objects.equals(sha256, other.sha256);
    }

    /** What the variant's lists name as their model: the model version, or the kind's wire name. */
    public String servedVersion() {
        return isModel() ? version : kind.wireName();
    }

    public VariantAnnouncement withShare(double newShare) {
        return new VariantAnnouncement(variant, kind, newShare, version, location, sha256);
    }
}
