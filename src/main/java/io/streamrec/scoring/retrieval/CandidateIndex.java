package io.streamrec.scoring.retrieval;

/**
 * Finds the items whose embedding has the largest inner product with a session vector: the candidates the fast
 * path then scores exactly. Implementations are safe to search from several threads at once.
 */
public interface CandidateIndex extends AutoCloseable {
    /** Up to {@code n} item indexes (1..numItems, never the padding row 0), best first as far as the index knows. */
    int[] search(float[] query, int n);

    /** Items indexed. */
    int size();

    /** What it is, for logs and reports (e.g. {@code hnsw(M=16, beam=100)}). */
    String describe();

    @Override
    default void close() {
    }
}
