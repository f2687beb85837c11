package io.streamrec.scoring;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The files model-export writes ({@code model.onnx}, {@code model.json}, {@code items.txt}), read and checked
 * against each other before anything is handed to ONNX Runtime.
 */
public record ModelDirectory(Path dir, ModelManifest manifest, Vocabulary vocabulary) {
    public static final String MODEL_FILE = "model.onnx";
    public static final String MANIFEST_FILE = "model.json";
    public static final String ITEMS_FILE = "items.txt";

    public Path modelFile() {
        return dir.resolve(MODEL_FILE);
    }

    /** Reads and cross-checks the directory; throws {@link ModelLoadException} naming the first problem. */
    public static ModelDirectory read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ModelLoadException("model directory " + dir + " does not exist");
        }
        ModelManifest manifest = readManifest(dir.resolve(MANIFEST_FILE));
        checkSha256(dir.resolve(MODEL_FILE), manifest.sha256());
        checkFiles(dir, manifest.files());
        Vocabulary vocabulary = readVocabulary(dir.resolve(ITEMS_FILE), manifest);
        return new ModelDirectory(dir, manifest, vocabulary);
    }

    private static ModelManifest readManifest(Path file) {
        ModelManifest manifest;
        try {
            manifest = new ObjectMapper().readValue(file.toFile(), ModelManifest.class);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + file + ": " + e.getMessage(), e);
        }
        require(manifest.version() != null && !manifest.version().isBlank(), file, "'version' is missing");
        require(manifest.sha256() != null && manifest.sha256().length() == 64, file, "'sha256' is missing or not hex");
        require(manifest.maxLen() > 0, file, "'max_len' must be positive");
        require(manifest.dim() > 0, file, "'dim' must be positive");
        require(manifest.k() > 0, file, "'k' must be positive");
        require(manifest.numItems() > 0, file, "'num_items' must be positive");
        require(manifest.k() <= manifest.numItems(), file,
                "'k' " + manifest.k() + " is more than 'num_items' " + manifest.numItems());
        require(manifest.files() != null, file, "'files' (sha256 of every other file) is missing: export the model "
                + "again with this version of model-export");
        require(ModelManifest.EXPECTED_INPUTS.equals(manifest.inputs()), file,
                "'inputs' must be " + ModelManifest.EXPECTED_INPUTS + ", got " + manifest.inputs());
        require(ModelManifest.EXPECTED_OUTPUTS.equals(manifest.outputs()), file,
                "'outputs' must be " + ModelManifest.EXPECTED_OUTPUTS + ", got " + manifest.outputs());
        require(manifest.popularItems() != null, file, "'popular_items' is missing");
        return manifest;
    }

    private static void checkSha256(Path file, String expected) {
        String actual;
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            actual = HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchFileException e) {
            throw new ModelLoadException(file + " is missing");
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new ModelLoadException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (!actual.equalsIgnoreCase(expected)) {
            throw new ModelLoadException(file + " has sha256 " + actual + " but model.json says " + expected
                    + " (truncated or replaced file?)");
        }
    }

    /** Every file beside model.json must be listed with its sha256 (model.json itself is checked by its announcer). */
    private static void checkFiles(Path dir, Map<String, String> files) {
        for (String required : List.of(MODEL_FILE, ITEMS_FILE, ParityCheck.PARITY_FILE)) {
            require(files.containsKey(required), dir.resolve(MANIFEST_FILE), "'files' does not list " + required);
        }
        try (Stream<Path> entries = Files.list(dir)) {
            List<String> unlisted = entries.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(name -> !name.equals(MANIFEST_FILE) && !name.startsWith(".") && !files.containsKey(name))
                    .sorted().toList();
            require(unlisted.isEmpty(), dir, "files not covered by model.json's hashes: " + unlisted);
        } catch (IOException e) {
            throw new ModelLoadException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        files.forEach((name, sha256) -> {
            require(!name.contains("/") && !name.contains("\\") && !name.startsWith("."), dir,
                    "'files' names a path outside the directory: " + name);
            checkSha256(dir.resolve(name), sha256);
        });
    }

    private static Vocabulary readVocabulary(Path file, ModelManifest manifest) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ModelLoadException(file + " is missing");
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + file + ": " + e.getMessage(), e);
        }
        require(!lines.isEmpty() && Vocabulary.PADDING_MARKER.equals(lines.get(0)), file,
                "line 0 must be the padding marker " + Vocabulary.PADDING_MARKER);
        require(lines.size() == manifest.numItems() + 1, file,
                "has " + (lines.size() - 1) + " items but model.json says num_items=" + manifest.numItems());
        return new Vocabulary(lines);
    }

    private static void require(boolean condition, Path file, String problem) {
        if (!condition) {
            throw new ModelLoadException(file + ": " + problem);
        }
    }
}
