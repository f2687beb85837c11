package io.streamrec.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The user named by {@code /recommendations/{user}} or {@code /users/{user}/session}, from the raw (still
 * percent-encoded) path. Strict: an empty user, a {@code %} not followed by two hex digits or bytes that are not
 * UTF-8 are the client's mistake ({@link Malformed}, answered 400). {@code +} is a plus sign, not a space.
 */
final class UserPath {
    static final String RECOMMENDATIONS = "/recommendations/";
    static final String USERS = "/users/";
    static final String SESSION = "/session";

    /** The path is not one of ours written correctly; the message says why (it never repeats the user). */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message);
        }
    }

    private UserPath() {
    }

    static String recommendationUser(String rawPath) throws Malformed {
        if (!rawPath.startsWith(RECOMMENDATIONS)) {
            throw new Malformed("no user in the path; expected /recommendations/{user}");
        }
        return decode(rawPath.substring(RECOMMENDATIONS.length()), "expected /recommendations/{user}");
    }

    static String sessionUser(String rawPath) throws Malformed {
        if (!rawPath.startsWith(USERS) || !rawPath.endsWith(SESSION)
                || rawPath.length() <= USERS.length() + SESSION.length()) {
            throw new Malformed("expected /users/{user}/session");
        }
        return decode(rawPath.substring(USERS.length(), rawPath.length() - SESSION.length()),
                "expected /users/{user}/session");
    }

    /** The path of the same resource for {@code user}, encoded again (for forwarding). */
    static String path(String user, boolean session) {
        return session ? USERS + encode(user) + SESSION : RECOMMENDATIONS + encode(user);
    }

    static String decode(String segment, String expected) throws Malformed {
        if (segment.isEmpty()) {
            throw new Malformed("no user in the path; " + expected);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                int high = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 1), 16) : -1;
                int low = high < 0 ? -1 : Character.digit(segment.charAt(i + 2), 16);
                if (low < 0) {
                    throw new Malformed("bad percent-escape in the path (a % must be followed by two hex digits)");
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new Malformed("the path's percent-escapes are not UTF-8");
        }
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters and {@code /}. */
    static String encode(String user) {
        StringBuilder out = new StringBuilder();
        for (byte b : user.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~/".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
