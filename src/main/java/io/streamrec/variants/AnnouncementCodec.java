package io.streamrec.variants;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The JSON of the compacted control topic {@code model-updates}, key = variant name (UTF-8):
 * <pre>
 * {"variant": "A", "version": "demo-2026...", "location": "/models/demo-2026...",
 *  "sha256": "&lt;sha256 of model.json&gt;", "share": 0.5}
 * {"variant": "B", "kind": "trending", "share": 0.5}          (or "popular": no model)
 * </pre>
 * A null value (tombstone) removes the variant. {@code location} is a directory path on a volume every instance
 * mounts at the same path (a URL is refused); {@code sha256} is the hex sha256 of that directory's
 * {@code model.json}, which in turn hashes every other file. {@code kind} may be given as {@code "model"} for a
 * model. {@code share} is a number in [0, 1]. Unknown fields are ignored; a value over {@value #MAX_BYTES} bytes,
 * a key that differs from {@code variant} and a variant named {@value #RESERVED} are refused.
 */
public final class AnnouncementCodec {
    public static final int MAX_BYTES = 64 * 1024;
    /** The name of the model an instance started with (it serves everyone until a variant has a positive share). */
    public static final String RESERVED = "default";
    private static final Pattern VERSION = Pattern.compile("[\\x21-\\x7e]{1,128}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectReader READER = JSON.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private AnnouncementCodec() {
    }

    /**
     * Reads one record: the announcement, or empty for a tombstone. Throws {@link InvalidAnnouncementException}
     * naming the first problem.
     */
    public static Optional<VariantAnnouncement> parse(String key, byte[] value) {
        if (key == null) {
            throw new InvalidAnnouncementException("record without a key: the key must be the variant name");
        }
        AnnouncementFields.checkName(key, "key");
        if (value == null) {
            return Optional.empty();
        }
        if (value.length > MAX_BYTES) {
            throw new InvalidAnnouncementException("value of " + value.length + " bytes is over the limit of "
                    + MAX_BYTES);
        }
        if (value.length == 0) {
            throw new InvalidAnnouncementException("empty value: a tombstone is a null value (kcat: -Z), an "
                    + "announcement a JSON object");
        }
        JsonNode root;
        try {
            root = READER.readTree(value);
        } catch (JsonProcessingException e) {
            throw new InvalidAnnouncementException("value is not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidAnnouncementException("value is not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidAnnouncementException("value must be a JSON object, got "
                    + (root == null ? "nothing" : root.getNodeType().toString().toLowerCase(Locale.ROOT)));
        }
        String variant = AnnouncementFields.text(root, "variant", true);
        AnnouncementFields.checkName(variant, "'variant'");
        if (!variant.equals(key)) {
            throw new InvalidAnnouncementException("key '" + key + "' but 'variant' is '" + variant
                    + "': the key must be the variant name");
        }
        double share = AnnouncementFields.share(root);
        String kindName = AnnouncementFields.text(root, "kind", false);
        VariantKind kind = kindName == null ? VariantKind.MODEL : VariantKind.fromWireName(kindName).orElseThrow(
                () -> new InvalidAnnouncementException("'kind' must be model, trending or popular, got '" + kindName
                        + "'"));
        if (kind != VariantKind.MODEL) {
            for (String field : new String[] {"version", "location", "sha256"}) {
                if (root.has(field)) {
                    throw new InvalidAnnouncementException("a " + kind.wireName() + " variant has no model: drop '"
                            + field + "' (or leave out 'kind' to announce a model)");
                }
            }
            return Optional.of(VariantAnnouncement.withoutModel(variant, kind, share));
        }
        String version = AnnouncementFields.text(root, "version", true);
        if (!VERSION.matcher(version).matches()) {
            throw new InvalidAnnouncementException("'version' must be 1 to 128 printable characters without spaces, "
                    + "got '" + version + "'");
        }
        Path location = AnnouncementFields.location(AnnouncementFields.text(root, "location", true));
        String sha256 = AnnouncementFields.text(root, "sha256", true);
        if (!SHA256.matcher(sha256).matches()) {
            throw new InvalidAnnouncementException("'sha256' must be the 64 hex digits of model.json's sha256, got '"
                    + sha256 + "'");
        }
        return Optional.of(VariantAnnouncement.model(variant, version, location, sha256.toLowerCase(Locale.ROOT),
                share));
    }

    /** The value for an announcement (a tombstone, null, removes a variant). */
    public static byte[] write(VariantAnnouncement announcement) {
        ObjectNode node = JSON.createObjectNode();
        node.put("variant", announcement.variant());
        if (announcement.isModel()) {
            node.put("version", announcement.version());
            node.put("location", announcement.location().toString());
            node.put("sha256", announcement.sha256());
        } else {
            node.put("kind", announcement.kind().wireName());
        }
        node.put("share", announcement.share());
        try {
            return JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
