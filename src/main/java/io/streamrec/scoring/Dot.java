package io.streamrec.scoring;

/** Inner products on float arrays (four independent sums: no wait on the previous addition). */
public final class Dot {
    private Dot() {
    }

    /** {@code query · table[offset .. offset + dim)}. */
    public static float dot(float[] query, float[] table, int offset, int dim) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 3 < dim; i += 4) {
            s0 += query[i] * table[offset + i];
            s1 += query[i + 1] * table[offset + i + 1];
            s2 += query[i + 2] * table[offset + i + 2];
            s3 += query[i + 3] * table[offset + i + 3];
        }
        for (; i < dim; i++) {
            s0 += query[i] * table[offset + i];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
