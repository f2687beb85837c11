package io.streamrec.scoring;

/**
 * ONNX Runtime settings.
 *
 * @param device        where to run
 * @param intraOpThreads threads one inference call may use; with one shared session per JVM, this times the
 *                       number of concurrent callers (stream threads) should not exceed the cores
 */
public record InferenceOptions(Device device, int intraOpThreads) {
    public static final InferenceOptions CPU_SINGLE_THREAD = new InferenceOptions(Device.CPU, 1);
}
