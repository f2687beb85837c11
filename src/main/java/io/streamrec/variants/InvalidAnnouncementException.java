package io.streamrec.variants;

/** A {@code model-updates} record that does not follow the contract; the message says which field and why. */
public class InvalidAnnouncementException extends RuntimeException {
    public InvalidAnnouncementException(String message) {
        super(message);
    }

    public InvalidAnnouncementException(String message, Throwable cause) {
        super(message, cause);
    }
}
