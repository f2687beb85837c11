package io.streamrec.scoring;

import java.util.Locale;

/** Where inference runs: {@code cpu}, {@code cuda} (fail if unavailable) or {@code auto} (CUDA when it works). */
public enum Device {
    CPU, CUDA, AUTO;

    public static Device parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("device must be cpu, cuda or auto, got '" + text + "'");
        }
    }
}
