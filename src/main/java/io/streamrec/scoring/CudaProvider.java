package io.streamrec.scoring;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;

/** ONNX Runtime's CUDA execution provider: added when it can be, otherwise a one-line reason why not. */
final class CudaProvider {
    private CudaProvider() {
    }

    static String add(OrtSession.SessionOptions options) {
        if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
            throw new UnavailableException("the CUDA execution provider is unavailable: this is the CPU build of "
                    + "ONNX Runtime (build the jar with `mvn -Pgpu package`)", null);
        }
        try {
            options.addCUDA(0);
            return SessionModel.CUDA_PROVIDER;
        } catch (OrtException | UnsatisfiedLinkError e) {
            // The GPU build throws here when libcudart/libcublas(Lt)/libcufft/libcurand (CUDA 12) or libcudnn (9)
            // cannot be loaded.
            throw new UnavailableException("the CUDA execution provider is unavailable: " + reason(e.getMessage())
                    + " (ONNX Runtime " + OrtEnvironment.getEnvironment().getVersion()
                    + " needs CUDA 12.x and cuDNN 9.x libraries on the library path)", e);
        }
    }

    /**
     * The part of an ONNX Runtime message worth one log line: from {@code CUDA failure N: ...} when there is one
     * (the text before it is C++ call-site noise), else the first line; at most 240 characters.
     */
    static String reason(String message) {
        if (message == null || message.isBlank()) {
            return "(no message)";
        }
        String text = message.strip();
        int cudaFailure = text.indexOf("CUDA failure");
        if (cudaFailure >= 0) {
            text = text.substring(cudaFailure);
            int end = text.indexOf(" ;");
            text = end < 0 ? text : text.substring(0, end);
        }
        int newline = text.indexOf('\n');
        text = newline < 0 ? text : text.substring(0, newline).strip() + " ...";
        return text.length() <= 240 ? text : text.substring(0, 237) + "...";
    }

    /** CUDA could not be used; {@link SessionModel#load} turns it into a CPU fallback (auto) or an error (cuda). */
    static final class UnavailableException extends RuntimeException {
        UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
