package io.streamrec.variants;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Reading and checking the fields of a {@code model-updates} record, with messages that say what to fix. */
final class AnnouncementFields {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern URL = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:.*");

    private AnnouncementFields() {
    }

    static void checkName(String name, String what) {
        if (!NAME.matcher(name).matches()) {
            throw new InvalidAnnouncementException(what + " '" + name + "' is not a variant name: 1 to 64 letters, "
                    + "digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (name.equals(AnnouncementCodec.RESERVED)) {
            throw new InvalidAnnouncementException(what + " '" + name + "' is reserved for the model an instance "
                    + "started with; announce the model under another name with share 1 to replace it");
        }
    }

    static String text(JsonNode root, String field, boolean required) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw new InvalidAnnouncementException("'" + field + "' is missing" + hint(field));
            }
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidAnnouncementException("'" + field + "' must be a string, got " + node);
        }
        return node.asText();
    }

    private static String hint(String field) {
        return switch (field) {
            case "sha256" -> " (the sha256 of model.json in 'location')";
            case "location" -> " (the model directory on the shared model volume), or give 'kind': trending or popular";
            case "version" -> " (the model's version, as in its model.json)";
            default -> "";
        };
    }

    static double share(JsonNode root) {
        JsonNode node = root.get("share");
        if (node == null || node.isNull()) {
            throw new InvalidAnnouncementException("'share' is missing (a number in [0, 1])");
        }
        if (!node.isNumber()) {
            throw new InvalidAnnouncementException("'share' must be a number in [0, 1], got " + node);
        }
        double share = node.asDouble();
        if (!(share >= 0 && share <= 1)) {
            throw new InvalidAnnouncementException("'share' must be in [0, 1], got " + node);
        }
        return share;
    }

    static Path location(String location) {
        if (URL.matcher(location).matches()) {
            throw new InvalidAnnouncementException("'location' must be a directory path on the volume the instances "
                    + "share, not a URL: '" + location + "'");
        }
        if (!location.startsWith("/")) {
            throw new InvalidAnnouncementException("'location' must be an absolute directory path, got '" + location
                    + "'");
        }
        if (location.indexOf('\0') >= 0) {
            throw new InvalidAnnouncementException("'location' contains a NUL character");
        }
        for (String segment : location.split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                throw new InvalidAnnouncementException("'location' must not contain '.' or '..' segments: '"
                        + location + "'");
            }
        }
        return Path.of(location);
    }
}
