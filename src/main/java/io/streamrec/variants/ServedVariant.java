package io.streamrec.variants;

import io.streamrec.scoring.SessionModel;

/**
 * A variant as one batch sees it.
 *
 * @param name    the variant ({@link VariantModels#DEFAULT_VARIANT} for the model the instance started with)
 * @param kind    model, trending or popular
 * @param version the model's version for a model, otherwise the kind's wire name ({@code trending}, {@code popular})
 * @param model   the model, leased for the batch (null unless a model); do not keep it past the batch
 */
public record ServedVariant(String name, VariantKind kind, String version, SessionModel model) {
    public boolean isModel() {
        return model != null;
    }
}
