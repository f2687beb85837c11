package io.streamrec.scoring;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The model's item embedding table, from {@value #FILE} (written by model-export: float32 little-endian, row-major
 * [num_items + 1, dim], row i = item i of items.txt, row 0 padding). SASRec ties its input and output embeddings, so
 * {@code E[h]·E[r]} is how much history item h on its own pushes item r's score: what explanations name. Held on
 * the heap: (num_items + 1) × dim × 4 bytes (256 kB for the demo model, 256 MB for 1M items of dim 64).
 */
public final class ItemEmbeddings {
    public static final String FILE = "item_embeddings.f32";

    private final float[] table;
    private final int dim;
    private final float[] inverseNorms;

    ItemEmbeddings(float[] table, int dim) {
        if (dim < 1 || table.length % dim != 0) {
            throw new IllegalArgumentException("a table of " + table.length + " floats is not rows of " + dim);
        }
        this.table = table;
        this.dim = dim;
        this.inverseNorms = new float[table.length / dim];
        for (int row = 0; row < inverseNorms.length; row++) {
            double norm = Math.sqrt(dot(row, row));
            inverseNorms[row] = norm > 0 ? (float) (1 / norm) : 0f;
        }
    }

    /** A table from rows of floats (tests, tools). */
    public static ItemEmbeddings of(float[][] rows) {
        int dim = rows[0].length;
        float[] table = new float[rows.length * dim];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, table, i * dim, dim);
        }
        return new ItemEmbeddings(table, dim);
    }

    /**
     * The directory's table, or empty when it has none (directories exported before the file existed). A file
     * present but of the wrong size is refused: the directory is inconsistent.
     */
    static Optional<ItemEmbeddings> read(Path dir, ModelManifest manifest) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        long expected = (long) (manifest.numItems() + 1) * manifest.dim() * Float.BYTES;
        byte[] bytes;
        try {
            if (Files.size(file) != expected) {
                throw new ModelLoadException(file + " has " + Files.size(file) + " bytes, expected " + expected
                        + " ((num_items + 1) × dim float32)");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + file + ": " + e.getMessage(), e);
        }
        float[] table = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(table);
        return Optional.of(new ItemEmbeddings(table, manifest.dim()));
    }

    public int dim() {
        return dim;
    }

    /** The raw row-major table [rows, dim] (not a copy: read only). */
    float[] table() {
        return table;
    }

    /** Rows, padding included (num_items + 1). */
    public int rows() {
        return inverseNorms.length;
    }

    /** {@code E[a]·E[b]} for model indexes a and b. */
    public double dot(int a, int b) {
        float[] t = table;
        int x = a * dim;
        int y = b * dim;
        int i = 0;
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        for (; i + 3 < dim; i += 4) {  // four independent sums: no wait on the previous addition
            s0 += t[x + i] * t[y + i];
            s1 += t[x + i + 1] * t[y + i + 1];
            s2 += t[x + i + 2] * t[y + i + 2];
            s3 += t[x + i + 3] * t[y + i + 3];
        }
        for (; i < dim; i++) {
            s0 += t[x + i] * t[y + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Cosine of the angle between E[a] and E[b] (0 when either is the zero row). */
    public double cosine(int a, int b) {
        return dot(a, b) * inverseNorms[a] * inverseNorms[b];
    }
}
