package io.streamrec.http;

import io.streamrec.config.HttpSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who sent a request, from its {@code Authorization} header: an instance of the group forwarding a request
 * (the forward token, with {@link HttpApi#FORWARDED_HEADER}), a client holding the auth token, or anyone.
 * Without an auth token every caller is a client.
 */
enum Caller {
    ANONYMOUS, CLIENT, PEER;

    static Caller identify(HttpSettings settings, String authorization, boolean forwarded) {
        if (!settings.forwardToken().isEmpty() && forwarded && matches(authorization, settings.forwardToken())) {
            return PEER;
        }
        if (!settings.requiresAuth() || matches(authorization, settings.authToken())) {
            return CLIENT;
        }
        return ANONYMOUS;
    }

    private static boolean matches(String header, String token) {
        return header != null && MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8),
                ("Bearer " + token).getBytes(StandardCharsets.UTF_8));
    }
}
