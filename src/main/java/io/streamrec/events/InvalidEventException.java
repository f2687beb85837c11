package io.streamrec.events;

/** An input record that is not a valid {@link Event}; carries the reason that goes into the dead-letter header. */
public class InvalidEventException extends RuntimeException {
    private final RejectReason reason;

    public InvalidEventException(RejectReason reason, String detail) {
        super(reason.code() + ": " + detail);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }
}
