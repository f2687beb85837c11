package io.streamrec.tools.topics;

/** The cluster could not be read or a topic could not be created; the cause is Kafka's error. */
public class TopicsApplyException extends RuntimeException {
    public TopicsApplyException(String message, Throwable cause) {
        super(message, cause);
    }
}
