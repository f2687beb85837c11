package io.streamrec.scoring;

/**
 * ONNX Runtime settings.
 *
 * @param device        where to run
 * @param intraOpThreads threads one inference call may use; with one shared session per JVM, this times the
 *                       number of concurrent callers (stream threads) should not exceed the cores
 * @param retrieval     exact top-k or the fast path over large catalogs
 */
public record InferenceOptions(Device device, int intraOpThreads, RetrievalOptions retrieval) {
    public static final InferenceOptions CPU_SINGLE_THREAD = new InferenceOptions(Device.CPU, 1);

    /** With the default retrieval ({@code auto}). */
    public InferenceOptions(Device device, int intraOpThreads) {
        this(device, intraOpThreads, RetrievalOptions.DEFAULT);
    }

    public InferenceOptions withRetrieval(RetrievalOptions r) {
        return new InferenceOptions(device, intraOpThreads, r);
    }
}
