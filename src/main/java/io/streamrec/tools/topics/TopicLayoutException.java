package io.streamrec.tools.topics;

/**
 * The input topics (event topics and deletions) would not share one partition count; nothing was created. The
 * message names every input topic and its count.
 */
public class TopicLayoutException extends TopicsApplyException {
    public TopicLayoutException(String message) {
        super(message, null);
    }
}
