package io.streamrec.variants;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamrec.scoring.ModelDirectory;
import io.streamrec.scoring.ModelLoadException;
import io.streamrec.scoring.ModelManifest;
import io.streamrec.scoring.SessionModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Opens the model an announcement names and nothing else: the directory's {@code model.json} must have the
 * announced sha256 and version (model.json hashes every other file, which the model loader checks, with the ONNX
 * signature and parity), and must not change while the model loads.
 */
public final class AnnouncedModels {
    /** model.json lists the popular items and file hashes: kilobytes; anything this large is not a manifest. */
    static final int MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

    /** Opens and verifies a model directory, e.g. {@code dir -> SessionModel.load(dir, options)}. */
    @FunctionalInterface
    public interface Opener {
        SessionModel open(Path dir);
    }

    private AnnouncedModels() {
    }

    /** The announced model, opened; throws {@link ModelLoadException} saying why it cannot be served. */
    public static SessionModel load(VariantAnnouncement announcement, Opener opener) {
        if (!announcement.isModel()) {
            throw new IllegalArgumentException("variant " + announcement.variant() + " has no model");
        }
        Path dir = announcement.location();
        if (!Files.isDirectory(dir)) {
            throw new ModelLoadException(dir + " is not a directory on this instance (is the model volume mounted?)");
        }
        Path file = dir.resolve(ModelDirectory.MANIFEST_FILE);
        byte[] bytes = read(file);
        String actual = sha256(bytes);
        if (!actual.equals(announcement.sha256())) {
            throw new ModelLoadException(file + " has sha256 " + actual + " but the announcement says "
                    + announcement.sha256() + " (another model, or a copy not yet complete?)");
        }
        ModelManifest manifest = parse(file, bytes);
        if (!announcement.version().equals(manifest.version())) {
            throw new ModelLoadException(file + " says version " + manifest.version() + " but the announcement says "
                    + announcement.version());
        }
        SessionModel model = opener.open(dir);
        if (!manifest.equals(model.manifest())) {
            model.close();
            throw new ModelLoadException(file + " changed while the model was loading; announce it again");
        }
        return model;
    }

    private static byte[] read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_MANIFEST_BYTES + 1);
            if (bytes.length > MAX_MANIFEST_BYTES) {
                throw new ModelLoadException(file + " is over " + MAX_MANIFEST_BYTES + " bytes: not a model.json");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new ModelLoadException(file + " is missing");
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static ModelManifest parse(Path file, byte[] bytes) {
        try {
            return new ObjectMapper().readValue(bytes, ModelManifest.class);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
