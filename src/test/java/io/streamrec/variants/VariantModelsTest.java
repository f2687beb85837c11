package io.streamrec.variants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamrec.TestModels;
import io.streamrec.events.EventType;
import io.streamrec.scoring.InferenceOptions;
import io.streamrec.scoring.ModelHolder;
import io.streamrec.scoring.ModelInput;
import io.streamrec.scoring.SessionModel;
import io.streamrec.session.Interaction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hot swap, refusal, rollback and removal of variants, with copies of the real bundled model. */
class VariantModelsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_732_900_000_000L), ZoneOffset.UTC);

    @TempDir
    Path tmp;
    private ModelHolder startup;
    private VariantModels variants;
    private final List<SessionModel> opened = new ArrayList<>();

    @BeforeEach
    void start() {
        startup = new ModelHolder(TestModels.demoModel());
        variants = new VariantModels(startup, "test-salt", dir -> {
            SessionModel model = SessionModel.load(dir, InferenceOptions.CPU_SINGLE_THREAD);
            opened.add(model);
            return model;
        }, CLOCK);
    }

    @AfterEach
    void stop() {
        variants.close();
        startup.close();
    }

    @Test
    void shouldServeTheStartupModelUntilAVariantHasAShare() throws IOException {
        try (VariantSnapshot batch = variants.snapshot()) {
            ServedVariant served = batch.variantOf("u1");
            assertEquals(VariantModels.DEFAULT_VARIANT, served.name());
            assertSame(startup.current(), served.model());
            assertEquals(1, startup.leases());
        }
        assertEquals(0, startup.leases());
        Path v1 = model("v1");
        accept(variants.announce(announce("A", v1, 0.0)));
        try (VariantSnapshot batch = variants.snapshot()) {
            assertEquals(VariantModels.DEFAULT_VARIANT, batch.variantOf("u1").name(), "share 0 serves nobody");
        }
        assertEquals(Map.of("A", "v1", "default", startup.current().version()), variants.versions());
        accept(variants.announce(announce("A", v1, 1.0)));
        try (VariantSnapshot batch = variants.snapshot()) {
            assertEquals("A", batch.variantOf("u1").name());
            assertEquals("v1", batch.variantOf("u1").version());
            assertEquals(1, opened.size(), "a share change reloads nothing");
        }
        assertEquals(Map.of("A", "v1"), variants.versions());
    }

    @Test
    void shouldSwapBetweenBatchesAndCloseTheOldModelAfterItsLastBatch() throws IOException {
        Path v1 = model("v1");
        Path v2 = model("v2");
        accept(variants.announce(announce("A", v1, 1.0)));
        VariantSnapshot running = variants.snapshot();
        SessionModel old = running.variantOf("u1").model();
        ModelInput input = oneRow(old);

        ModelEvent swapped = variants.announce(announce("A", v2, 1.0));

        assertEquals(new ModelEvent("A", ModelEvent.Outcome.ACCEPTED, "v2", "v2", "v1", 1.0, null, CLOCK.millis()),
                swapped);
        assertEquals(1, old.score(input).rows(), "the running batch still scores with v1");
        try (VariantSnapshot next = variants.snapshot()) {
            assertEquals("v2", next.variantOf("u1").version(), "the next batch gets v2");
            assertEquals(1, next.variantOf("u1").model().score(oneRow(next.variantOf("u1").model())).rows());
        }
        assertEquals("v1", running.variantOf("u1").version(), "a snapshot is fixed for its batch");
        running.close();
        assertThrows(IllegalStateException.class, () -> old.score(input), "v1 closed after its last batch");
    }

    @Test
    void shouldKeepServingTheOldModelWhenANewOneIsRefused() throws IOException {
        Path v1 = model("v1");
        accept(variants.announce(announce("A", v1, 0.6)));
        accept(variants.announce(VariantAnnouncement.withoutModel("B", VariantKind.POPULAR, 0.4)));
        SessionModel serving = served("A");

        Path v2 = model("v2");
        String realSha = sha256(v2.resolve("model.json"));
        assertRefused(variants.announce(VariantAnnouncement.model("A", "v2", v2, "0".repeat(64), 1.0)),
                "has sha256 " + realSha + " but the announcement says " + "0".repeat(64));
        assertRefused(variants.announce(VariantAnnouncement.model("A", "v3", v2, realSha, 1.0)),
                "says version v2 but the announcement says v3");
        assertRefused(variants.announce(announce("A", tmp.resolve("missing"), 1.0, "0".repeat(64))),
                "is not a directory on this instance");
        Path truncated = model("v4");
        byte[] onnx = Files.readAllBytes(truncated.resolve("model.onnx"));
        Files.write(truncated.resolve("model.onnx"), java.util.Arrays.copyOf(onnx, 1000));
        assertRefused(variants.announce(announce("A", truncated, 1.0)), "model.onnx has sha256");
        Path badParity = model("v5");
        Files.writeString(badParity.resolve("parity.json"), "{\"cases\": []}", StandardCharsets.UTF_8);
        assertRefused(variants.announce(announce("A", badParity, 1.0)), "parity.json has sha256");
        Path badSignature = model("v6");
        edit(badSignature, m -> m.put("dim", m.get("dim").asInt() + 1));
        assertRefused(variants.announce(announce("A", badSignature, 1.0)), "session_vector");

        assertEquals(Map.of("A", "v1", "B", "popular"), variants.versions());
        assertEquals(0.6, variants.announcements().get("A").share(), "a refused record changes nothing, not the share");
        assertSame(serving, served("A"));
        assertEquals(1, serving.score(oneRow(serving)).rows(), "v1 still open");
        assertEquals(1, opened.size(), "nothing refused was left open");
    }

    @Test
    void shouldRefuseAModelJsonThatChangesWhileTheModelLoads() throws IOException {
        Path dir = model("v1");
        VariantAnnouncement announced = announce("A", dir, 1.0);
        AnnouncedModels.Opener replacing = d -> {
            try {
                edit(d, m -> m.put("version", "v1-replaced"));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            SessionModel model = SessionModel.load(d, InferenceOptions.CPU_SINGLE_THREAD);
            opened.add(model);
            return model;
        };
        var e = assertThrows(io.streamrec.scoring.ModelLoadException.class,
                () -> AnnouncedModels.load(announced, replacing));
        assertTrue(e.getMessage().contains("changed while the model was loading"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> opened.get(0).score(oneRow(opened.get(0))),
                "the model that did load is closed");
    }

    @Test
    void shouldRollBackByAnnouncingThePreviousVersionAgain() throws IOException {
        Path v1 = model("v1");
        Path v2 = model("v2");
        accept(variants.announce(announce("A", v1, 1.0)));
        accept(variants.announce(announce("A", v2, 1.0)));
        ModelEvent back = variants.announce(announce("A", v1, 1.0));
        assertEquals("v2", back.previous());
        assertEquals("v1", back.serving());
        assertEquals("v1", served("A").version());
        assertEquals(3, opened.size(), "loaded again from its announcement");
    }

    @Test
    void shouldApplyRecordsFromTheControlTopic() throws IOException {
        Path v1 = model("v1");
        VariantAnnouncement a = announce("A", v1, 0.5);
        accept(variants.apply("A", AnnouncementCodec.write(a)));
        accept(variants.apply("B", "{\"variant\":\"B\",\"kind\":\"trending\",\"share\":0.5}"
                .getBytes(StandardCharsets.UTF_8)));

        ModelEvent bad = variants.apply("A", "{\"variant\":\"A\",\"share\":2}".getBytes(StandardCharsets.UTF_8));
        assertEquals(ModelEvent.Outcome.REFUSED, bad.outcome());
        assertTrue(bad.reason().contains("'share' must be in [0, 1]"), bad.reason());
        assertEquals("v1", bad.serving());
        ModelEvent noKey = variants.apply(null, "{}".getBytes(StandardCharsets.UTF_8));
        assertTrue(noKey.refused());
        assertNull(noKey.variant());

        Map<String, Integer> counts = new HashMap<>();
        try (VariantSnapshot batch = variants.snapshot()) {
            for (int u = 0; u < 2_000; u++) {
                counts.merge(batch.variantOf("user-" + u).name(), 1, Integer::sum);
            }
            ServedVariant trending = batch.variantOf(firstUserIn(batch, "B"));
            assertEquals(VariantKind.TRENDING, trending.kind());
            assertNull(trending.model());
            assertEquals("trending", trending.version());
            assertEquals(2, batch.variants().size());
        }
        assertEquals(1_000, counts.get("A"), 100, counts.toString());

        SessionModel model = served("A");
        VariantSnapshot running = variants.snapshot();
        ModelEvent removed = variants.apply("A", null);
        assertEquals(new ModelEvent("A", ModelEvent.Outcome.REMOVED, null, null, "v1", null, null, CLOCK.millis()),
                removed);
        assertEquals(1, model.score(oneRow(model)).rows(), "open until its batch is done");
        running.close();
        assertThrows(IllegalStateException.class, () -> model.score(oneRow(model)));
        try (VariantSnapshot batch = variants.snapshot()) {
            assertEquals("B", batch.variantOf("u1").name(), "A's users went to B");
        }
        assertEquals(ModelEvent.Outcome.REMOVED, variants.apply("gone", null).outcome());
    }

    @Test
    void shouldCloseAModelWhenItsVariantTurnsIntoOneWithoutAModel() throws IOException {
        accept(variants.announce(announce("A", model("v1"), 1.0)));
        SessionModel model = served("A");
        ModelEvent event = variants.announce(VariantAnnouncement.withoutModel("A", VariantKind.POPULAR, 1.0));
        assertEquals("v1", event.previous());
        assertEquals("popular", event.serving());
        assertThrows(IllegalStateException.class, () -> model.score(oneRow(model)));
    }

    @Test
    void shouldLeaveARefusedNewVariantOutOfTheAssignment() throws IOException {
        accept(variants.announce(announce("A", model("v1"), 0.5)));
        ModelEvent refused = variants.announce(announce("B", tmp.resolve("not-mounted"), 0.5, "1".repeat(64)));
        assertTrue(refused.refused());
        assertNull(refused.serving());
        assertEquals(Map.of("A", 0.5), variants.assignment().shares());
        try (VariantSnapshot batch = variants.snapshot()) {
            for (int u = 0; u < 100; u++) {
                assertEquals("A", batch.variantOf("user-" + u).name());
            }
        }
    }

    @Test
    void shouldNeverScoreWithAClosedModelWhileVersionsAreSwappedUnderLoad() throws Exception {
        Path v1 = model("v1");
        Path v2 = model("v2");
        accept(variants.announce(announce("A", v1, 0.5)));
        accept(variants.announce(VariantAnnouncement.withoutModel("B", VariantKind.POPULAR, 0.5)));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger batches = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        List<Future<?>> streams = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            streams.add(threads.submit(() -> {
                while (!stop.get()) {
                    try (VariantSnapshot batch = variants.snapshot()) {
                        for (ServedVariant variant : batch.variants()) {
                            if (variant.isModel()) {
                                variant.model().score(oneRow(variant.model()));
                            }
                        }
                    }
                    batches.incrementAndGet();
                }
                return null;
            }));
        }
        for (int i = 0; i < 8; i++) {
            accept(variants.announce(announce("A", i % 2 == 0 ? v2 : v1, 0.5)));
        }
        stop.set(true);
        for (Future<?> stream : streams) {
            stream.get(60, TimeUnit.SECONDS);
        }
        threads.shutdown();
        assertTrue(batches.get() > 0);
        SessionModel current = served("A");
        for (SessionModel model : opened) {
            if (model != current) {
                assertThrows(IllegalStateException.class, () -> model.score(oneRow(model)), "every old one closed");
            }
        }
    }

    @Test
    void shouldCloseItsModelsButNotTheStartupModel() throws IOException {
        accept(variants.announce(announce("A", model("v1"), 1.0)));
        SessionModel model = served("A");
        variants.close();
        assertThrows(IllegalStateException.class, () -> model.score(oneRow(model)));
        assertEquals(1, startup.current().score(oneRow(startup.current())).rows());
        try (VariantSnapshot batch = variants.snapshot()) {
            assertEquals(VariantModels.DEFAULT_VARIANT, batch.variantOf("u1").name());
        }
        assertThrows(IllegalStateException.class, () -> variants.announce(announce("A", model("v1"), 1.0)));
    }

    @Test
    void shouldWriteEventsForTheModelEventsTopic() {
        ModelEvent refused = new ModelEvent("A", ModelEvent.Outcome.REFUSED, "v2", "v1", "v1", 0.5,
                "model.json has sha256 x", 1_732_900_000_000L);
        assertEquals("{\"variant\":\"A\",\"outcome\":\"refused\",\"announced\":\"v2\",\"serving\":\"v1\","
                + "\"previous\":\"v1\",\"share\":0.5,\"reason\":\"model.json has sha256 x\",\"at\":1732900000000}",
                new String(ModelEventCodec.write(refused), StandardCharsets.UTF_8));
        ModelEvent removed = new ModelEvent("A", ModelEvent.Outcome.REMOVED, null, null, null, null, null, 5);
        assertEquals("{\"variant\":\"A\",\"outcome\":\"removed\",\"at\":5}",
                new String(ModelEventCodec.write(removed), StandardCharsets.UTF_8));
    }

    private SessionModel served(String variant) {
        try (VariantSnapshot batch = variants.snapshot()) {
            return batch.variants().stream().filter(v -> v.name().equals(variant)).findFirst().orElseThrow().model();
        }
    }

    private static String firstUserIn(VariantSnapshot batch, String variant) {
        for (int u = 0; ; u++) {
            if (batch.variantOf("user-" + u).name().equals(variant)) {
                return "user-" + u;
            }
        }
    }

    private static void accept(ModelEvent event) {
        assertEquals(ModelEvent.Outcome.ACCEPTED, event.outcome(), String.valueOf(event.reason()));
        assertNull(event.reason());
    }

    private static void assertRefused(ModelEvent event, String expected) {
        assertEquals(ModelEvent.Outcome.REFUSED, event.outcome());
        assertTrue(event.reason().contains(expected), "expected '" + expected + "' in: " + event.reason());
        assertEquals("v1", event.serving(), "the old model keeps serving");
        assertFalse(event.announced() == null);
    }

    /** A copy of the bundled model under {@code version}: model.json is the only file that changes. */
    private Path model(String version) throws IOException {
        Path dir = Files.createTempDirectory(tmp, version);
        try (var files = Files.list(TestModels.DEMO_MODEL)) {
            for (Path file : files.toList()) {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
        }
        edit(dir, m -> m.put("version", version));
        return dir;
    }

    private static void edit(Path dir, java.util.function.Consumer<ObjectNode> change) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode manifest = (ObjectNode) json.readTree(dir.resolve("model.json").toFile());
        change.accept(manifest);
        json.writeValue(dir.resolve("model.json").toFile(), manifest);
    }

    private static VariantAnnouncement announce(String variant, Path dir, double share) throws IOException {
        ObjectNode manifest = (ObjectNode) new ObjectMapper().readTree(dir.resolve("model.json").toFile());
        return announce(variant, dir, share, sha256(dir.resolve("model.json")), manifest.get("version").asText());
    }

    private static VariantAnnouncement announce(String variant, Path dir, double share, String sha) {
        return announce(variant, dir, share, sha, "v9");
    }

    private static VariantAnnouncement announce(String variant, Path dir, double share, String sha, String version) {
        return VariantAnnouncement.model(variant, version, dir.toAbsolutePath(), sha, share);
    }

    private static String sha256(Path file) throws IOException {
        return AnnouncedModels.sha256(Files.readAllBytes(file));
    }

    private static ModelInput oneRow(SessionModel model) {
        ModelInput input = new ModelInput(1, model.maxLen());
        input.add(List.of(new Interaction(model.vocabulary().item(1), EventType.CLICK, 1)), model.vocabulary());
        return input;
    }
}
