package io.streamrec.session;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * An {@code event_id} as 8 bytes (the first 64 bits of its SHA-256): the de-duplication window keeps these, not the
 * ids, so its size per user does not depend on how long producers make their ids. Two different ids in one user's
 * window collide with probability about window / 2^64 — and a producer cannot aim for a collision.
 */
public final class EventIdFingerprint {
    private EventIdFingerprint() {
    }

    public static long of(String eventId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(eventId.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
