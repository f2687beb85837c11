package io.streamrec.variants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The model-updates contract: what is read, what is refused and with which message. */
class VariantAnnouncementCodecTest {
    private static final String SHA = "a2acf48530aac23a1da543fa3e892def6f79398daf1950836b513f08d567f97a";

    @Test
    void shouldReadAModelAnnouncement() {
        VariantAnnouncement a = parse("A", "{\"variant\": \"A\", \"version\": \"demo-20261129\", \"location\": "
                + "\"/models/demo-20261129\", \"sha256\": \"" + SHA.toUpperCase() + "\", \"share\": 0.5, "
                + "\"note\": \"unknown fields are ignored\"}").orElseThrow();
        assertEquals(VariantAnnouncement.model("A", "demo-20261129", Path.of("/models/demo-20261129"), SHA, 0.5), a);
        assertEquals(VariantKind.MODEL, a.kind());
        assertEquals("demo-20261129", a.servedVersion());
        assertEquals(a, parse("A", "{\"variant\": \"A\", \"kind\": \"model\", \"version\": \"demo-20261129\", "
                + "\"location\": \"/models/demo-20261129\", \"sha256\": \"" + SHA + "\", \"share\": 0.5}")
                .orElseThrow());
    }

    @Test
    void shouldReadVariantsWithoutAModel() {
        assertEquals(VariantAnnouncement.withoutModel("B", VariantKind.TRENDING, 0.5),
                parse("B", "{\"variant\":\"B\",\"kind\":\"trending\",\"share\":0.5}").orElseThrow());
        VariantAnnouncement popular = parse("pop-1", "{\"variant\":\"pop-1\",\"kind\":\"popular\",\"share\":1}")
                .orElseThrow();
        assertEquals(VariantKind.POPULAR, popular.kind());
        assertEquals(1.0, popular.share());
        assertEquals("popular", popular.servedVersion());
    }

    @Test
    void shouldReadATombstoneAsARemoval() {
        assertEquals(Optional.empty(), AnnouncementCodec.parse("A", null));
    }

    @Test
    void shouldWriteWhatItReads() {
        VariantAnnouncement model = VariantAnnouncement.model("A", "v2", Path.of("/models/v2"), SHA, 0.25);
        VariantAnnouncement trending = VariantAnnouncement.withoutModel("B", VariantKind.TRENDING, 0.75);
        assertEquals(model, AnnouncementCodec.parse("A", AnnouncementCodec.write(model)).orElseThrow());
        assertEquals(trending, AnnouncementCodec.parse("B", AnnouncementCodec.write(trending)).orElseThrow());
        assertEquals("{\"variant\":\"A\",\"version\":\"v2\",\"location\":\"/models/v2\",\"sha256\":\"" + SHA
                + "\",\"share\":0.25}", new String(AnnouncementCodec.write(model), StandardCharsets.UTF_8));
        assertEquals("{\"variant\":\"B\",\"kind\":\"trending\",\"share\":0.75}",
                new String(AnnouncementCodec.write(trending), StandardCharsets.UTF_8));
    }

    @Test
    void shouldRefuseKeysThatAreNotTheVariant() {
        refused(null, "{}", "without a key");
        refused("B", model("A", "\"/m\"", SHA, "0.5"), "key 'B' but 'variant' is 'A'");
        refused("a b", null, "key 'a b' is not a variant name");
        refused("-x", null, "not a variant name");
        refused("x".repeat(65), null, "not a variant name");
        refused("default", null, "'default' is reserved");
        refused("default", model("default", "\"/m\"", SHA, "1"), "'default' is reserved");
    }

    @Test
    void shouldRefuseValuesThatAreNotOneJsonObject() {
        refused("A", "", "empty value: a tombstone is a null value");
        refused("A", "not json", "not JSON");
        refused("A", "[1, 2]", "must be a JSON object, got array");
        refused("A", "\"A\"", "must be a JSON object, got string");
        refused("A", "{\"variant\":\"A\",\"kind\":\"popular\",\"share\":1} {}", "not JSON");
        refused("A", "{\"variant\":\"A\",\"variant\":\"B\",\"kind\":\"popular\",\"share\":1}", "Duplicate field");
        byte[] huge = ("{\"variant\":\"A\",\"kind\":\"popular\",\"share\":1,\"pad\":\""
                + "x".repeat(AnnouncementCodec.MAX_BYTES) + "\"}").getBytes(StandardCharsets.UTF_8);
        InvalidAnnouncementException e = assertThrows(InvalidAnnouncementException.class,
                () -> AnnouncementCodec.parse("A", huge));
        assertTrue(e.getMessage().contains("over the limit"), e.getMessage());
    }

    @Test
    void shouldRefuseAMissingOrOutOfRangeShare() {
        refused("A", "{\"variant\":\"A\",\"kind\":\"popular\"}", "'share' is missing");
        refused("A", "{\"variant\":\"A\",\"kind\":\"popular\",\"share\":null}", "'share' is missing");
        refused("A", "{\"variant\":\"A\",\"kind\":\"popular\",\"share\":\"0.5\"}", "'share' must be a number");
        refused("A", "{\"variant\":\"A\",\"kind\":\"popular\",\"share\":1.5}", "'share' must be in [0, 1], got 1.5");
        refused("A", "{\"variant\":\"A\",\"kind\":\"popular\",\"share\":-0.1}", "'share' must be in [0, 1]");
        assertEquals(0.0, parse("A", "{\"variant\":\"A\",\"kind\":\"popular\",\"share\":0}").orElseThrow().share());
    }

    @Test
    void shouldRefuseAModelAnnouncementWithoutItsFields() {
        refused("A", "{\"variant\":\"A\",\"share\":0.5}", "'version' is missing");
        refused("A", "{\"share\":0.5}", "'variant' is missing");
        refused("A", "{\"variant\":\"A\",\"version\":\"v1\",\"sha256\":\"" + SHA + "\",\"share\":0.5}",
                "'location' is missing (the model directory on the shared model volume), or give 'kind'");
        refused("A", "{\"variant\":\"A\",\"version\":\"v1\",\"location\":\"/m\",\"share\":0.5}",
                "'sha256' is missing (the sha256 of model.json in 'location')");
        refused("A", "{\"variant\":\"A\",\"version\":\"v 1\",\"location\":\"/m\",\"sha256\":\"" + SHA
                + "\",\"share\":0.5}", "'version' must be 1 to 128 printable characters");
        refused("A", "{\"variant\":\"A\",\"version\":1,\"location\":\"/m\",\"sha256\":\"" + SHA
                + "\",\"share\":0.5}", "'version' must be a string");
    }

    @Test
    void shouldRefuseALocationThatIsNotADirectoryPath() {
        refused("A", model("A", "\"https://models.example.com/v1\"", SHA, "0.5"),
                "must be a directory path on the volume the instances share, not a URL");
        refused("A", model("A", "\"s3://bucket/v1\"", SHA, "0.5"), "not a URL");
        refused("A", model("A", "\"file:///models/v1\"", SHA, "0.5"), "not a URL");
        refused("A", model("A", "\"models/v1\"", SHA, "0.5"), "must be an absolute directory path");
        refused("A", model("A", "\"/models/../etc\"", SHA, "0.5"), "must not contain '.' or '..' segments");
        refused("A", model("A", "\"/models/v1\"", "\"abc\"", "0.5"), "'sha256' must be the 64 hex digits");
        refused("A", model("A", "\"/models/v1\"", "\"" + "g".repeat(64) + "\"", "0.5"), "64 hex digits");
    }

    @Test
    void shouldRefuseAnUnknownKindOrAModelFieldOnAVariantWithoutAModel() {
        refused("B", "{\"variant\":\"B\",\"kind\":\"random\",\"share\":0.5}",
                "'kind' must be model, trending or popular, got 'random'");
        refused("B", "{\"variant\":\"B\",\"kind\":\"trending\",\"location\":\"/m\",\"share\":0.5}",
                "a trending variant has no model: drop 'location'");
        refused("B", "{\"variant\":\"B\",\"kind\":\"popular\",\"version\":\"v1\",\"share\":0.5}",
                "a popular variant has no model: drop 'version'");
    }

    private static String model(String variant, String location, String sha, String share) {
        String quotedSha = sha.startsWith("\"") ? sha : "\"" + sha + "\"";
        return "{\"variant\":\"" + variant + "\",\"version\":\"v1\",\"location\":" + location + ",\"sha256\":"
                + quotedSha + ",\"share\":" + share + "}";
    }

    private static Optional<VariantAnnouncement> parse(String key, String json) {
        return AnnouncementCodec.parse(key, json.getBytes(StandardCharsets.UTF_8));
    }

    private static void refused(String key, String json, String expected) {
        InvalidAnnouncementException e = assertThrows(InvalidAnnouncementException.class,
                () -> AnnouncementCodec.parse(key, json == null ? null : json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
