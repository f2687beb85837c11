package io.streamrec.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamrec.TestModels;
import io.streamrec.catalog.DecayedCounter;
import io.streamrec.events.EventType;
import io.streamrec.scoring.ModelHolder;
import io.streamrec.variants.OnlineFeedback;
import io.streamrec.variants.ShownList;
import io.streamrec.variants.VariantAnnouncement;
import io.streamrec.variants.VariantKind;
import io.streamrec.variants.VariantModels;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.BindException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The HTTP surface on its own (no Kafka): routes, status codes, malformed paths, forwarding, logs. */
class HttpApiTest {
    private static final String TOKEN = "caller-s3cret";

    @Test
    void shouldServeListsHealthAndMetricsWithTheTokenWhereItIsNeeded() throws Exception {
        try (TestServer server = TestServer.start("http.auth.token", TOKEN)) {
            server.putList("u1", "{\"user\":\"u1\",\"items\":[]}");
            var list = server.get("/recommendations/u1", TOKEN);
            assertEquals(200, list.statusCode());
            assertEquals("{\"user\":\"u1\",\"items\":[]}", list.body());
            assertEquals(TestServer.SELF, list.headers().firstValue(HttpApi.OWNER_HEADER).orElseThrow());
            assertEquals(404, server.get("/recommendations/nobody", TOKEN).statusCode());
            assertEquals(401, server.get("/recommendations/u1", null).statusCode());
            assertEquals(401, server.get("/recommendations/u1", "wrong").statusCode());
            assertEquals(200, server.get("/health/live", null).statusCode());
            assertEquals(200, server.get("/health/ready", null).statusCode());
            assertEquals(200, server.get("/metrics", null).statusCode(), "Prometheus scrapes without the token");
            assertEquals(414, server.get("/recommendations/" + "x".repeat(600), TOKEN).statusCode());
            var missing = server.get("/nothing-here", TOKEN);
            assertEquals(404, missing.statusCode());
            assertEquals("{\"error\":\"no such endpoint\"}", missing.body());
            var post = RawHttp.get("127.0.0.1", server.port(), "/recommendations/u1", Map.of());
            assertEquals(401, post.status(), "GET without the token");
        }
    }

    @Test
    void shouldServeOneSurfaceOfAListOnRequest() throws Exception {
        try (TestServer server = TestServer.start("http.trusted.network", "true")) {
            server.putList("u1", "{\"user\":\"u1\",\"items\":[{\"item\":\"a\"}],\"seq\":3,"
                    + "\"surfaces\":{\"home\":[{\"item\":\"a\"}],\"cart\":[{\"item\":\"c\"}]}}");
            server.putList("plain", "{\"user\":\"plain\",\"items\":[{\"item\":\"p\"}]}");

            HttpResponse<String> cart = server.get("/recommendations/u1?surface=cart", null);
            assertEquals(200, cart.statusCode());
            assertEquals("{\"user\":\"u1\",\"items\":[{\"item\":\"c\"}],\"seq\":3,\"surface\":\"cart\"}",
                    cart.body());
            assertEquals(404, server.get("/recommendations/u1?surface=checkout", null).statusCode());
            assertTrue(server.get("/recommendations/u1", null).body().contains("\"surfaces\""), "whole record");
            assertEquals(200, server.get("/recommendations/plain?surface=default", null).statusCode());
            assertEquals(404, server.get("/recommendations/plain?surface=cart", null).statusCode());
        }
    }

    @Test
    void shouldServeTrendingOverallAndPerCategory() throws Exception {
        try (TestServer server = TestServer.start("http.trusted.network", "true")) {
            DecayedCounter shoes = new DecayedCounter(Duration.ofHours(1), 100);
            shoes.add("boot", 5, 1_000);
            shoes.add("sandal", 1, 1_000);
            server.trending.put("category:shoes", shoes);

            HttpResponse<String> reply = server.get("/trending?category=shoes&n=1", null);
            assertEquals(200, reply.statusCode());
            assertEquals("{\"scope\":\"category:shoes\",\"category\":\"shoes\",\"at\":1000,"
                    + "\"items\":[{\"item\":\"boot\",\"score\":5.0}]}", reply.body());
            assertEquals("{\"scope\":\"global\",\"category\":null,\"at\":0,\"items\":[]}",
                    server.get("/trending", null).body());
            assertEquals(400, server.get("/trending?n=0", null).statusCode());
            assertEquals(400, server.get("/trending?n=many", null).statusCode());
        }
    }

    @Test
    void shouldShowTheVariantsAndTheirOnlineFeedback() throws Exception {
        try (ModelHolder startup = new ModelHolder(TestModels.demoModel());
             VariantModels variants = new VariantModels(startup, "exp-1", dir -> {
                 throw new IllegalStateException("no model is announced here");
             }, Clock.systemUTC())) {
            variants.announce(VariantAnnouncement.withoutModel("B", VariantKind.TRENDING, 1.0));
            OnlineFeedback feedback = new OnlineFeedback();
            ShownList shown = new ShownList("B", "trending", List.of("a", "b", "c"), 1_000);
            feedback.record(shown, EventType.CLICK, "b", 2_000, List.of());
            feedback.record(shown, EventType.CLICK, "z", 2_001, List.of());
            try (TestServer server = TestServer.start(new Serving.Models(variants, feedback, 10),
                    "http.trusted.network", "true")) {
                JsonNode body = new ObjectMapper().readTree(server.get("/variants", null).body());

                assertEquals("exp-1", body.get("salt").asText());
                JsonNode b = body.get("variants").get(0);
                assertEquals("B", b.get("variant").asText());
                assertEquals("trending", b.get("kind").asText());
                assertEquals(1.0, b.get("fraction").asDouble());
                JsonNode clicks = body.get("feedback").get(0);
                assertEquals(2, clicks.get("events").asLong());
                assertEquals(0.5, clicks.get("hit_rate").asDouble());
                assertEquals(0.25, clicks.get("mrr").asDouble(), 1e-9, "b was second: 1/2 over 2 events");
            }
        }
    }

    @Test
    void shouldReportATakenPortAsABindException() throws Exception {
        try (TestServer server = TestServer.start("http.trusted.network", "true")) {
            assertThrows(BindException.class, () -> HttpApi.bind(TestServer.settings("http.trusted.network", "true",
                    "http.port", Integer.toString(server.port()))));
            assertEquals(200, server.get("/health/live", null).statusCode());
        }
    }

    @Test
    void shouldAnswer400ForMalformedUserPaths() throws Exception {
        try (TestServer server = TestServer.start("http.trusted.network", "true")) {
            server.putList("a+b", "{}");
            server.putList("é/x", "{}");
            for (String path : List.of("/users/session", "/users//session", "/users/u1", "/recommendations/",
                    "/recommendations/%zz", "/recommendations/abc%", "/recommendations/abc%4", "/users/%G1/session",
                    "/recommendations/%C3%28")) {
                RawHttp.Response response = RawHttp.get(server.port(), path);
                assertEquals(400, response.status(), path + ": " + response.body());
                assertTrue(response.headers().get("content-type").startsWith("application/json"), path);
                assertTrue(response.body().startsWith("{\"error\":"), path + ": " + response.body());
            }
            assertEquals(200, RawHttp.get(server.port(), "/recommendations/a+b").status(), "+ is a plus sign");
            assertEquals(200, RawHttp.get(server.port(), "/recommendations/%C3%A9/x").status(), "UTF-8 escapes");
            RawHttp.Response slash = RawHttp.get(server.port(), "/recommendations/%C3%A9%2Fx");
            assertEquals(200, slash.status(), "an encoded slash in a user id: " + slash.body());
        }
    }

    @Test
    void shouldForwardWithTheInstanceCredentialAndNeverTheCallersToken() throws Exception {
        try (ServerSocket owner = new ServerSocket(0);
             TestServer server = TestServer.start("http.auth.token", TOKEN, "http.forward.token", "peer-token")) {
            server.owners.put("u7", "127.0.0.1:" + owner.getLocalPort());
            CompletableFuture<List<String>> received = CompletableFuture.supplyAsync(() -> answerOnce(owner));
            var response = server.get("/recommendations/u7", TOKEN);
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("{\"from\":\"owner\"}", response.body());
            assertEquals("127.0.0.1:" + owner.getLocalPort(), response.headers().firstValue(HttpApi.OWNER_HEADER).orElseThrow());
            List<String> head = received.get();
            assertTrue(head.get(0).startsWith("GET /recommendations/u7 "), head.get(0));
            assertTrue(head.stream().anyMatch(h -> h.equalsIgnoreCase("Authorization: Bearer peer-token")), head.toString());
            assertTrue(head.stream().anyMatch(h -> h.toLowerCase().startsWith("x-streamrec-forwarded:")), head.toString());
            assertFalse(String.join("\n", head).contains(TOKEN), "the caller's token stays here: " + head);
        }
    }

    @Test
    void shouldAcceptTheForwardTokenOnlyOnForwardedRequests() throws Exception {
        try (TestServer server = TestServer.start("http.auth.token", TOKEN, "http.forward.token", "peer-token")) {
            server.putList("u1", "{}");
            assertEquals(401, server.get("/recommendations/u1", "peer-token").statusCode());
            RawHttp.Response forwarded = RawHttp.get("127.0.0.1", server.port(), "/recommendations/u1",
                    Map.of("Authorization", "Bearer peer-token", HttpApi.FORWARDED_HEADER, "1"));
            assertEquals(200, forwarded.status());
        }
    }

    @Test
    void shouldKeepUserIdsOutOfWarnings() throws Exception {
        Logger http = (Logger) LoggerFactory.getLogger("io.streamrec.http");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        http.addAppender(appender);
        try (TestServer server = TestServer.start("http.trusted.network", "true")) {
            server.owners.put("secret-user-1", "127.0.0.1:1");
            server.get("/recommendations/secret-user-1", null);
            server.ownerOverride = user -> {
                throw new IllegalArgumentException("boom for " + user);
            };
            assertEquals(500, server.get("/users/secret-user-2/session", null).statusCode());
            RawHttp.get(server.port(), "/users/secret-user-3%zz/session");
        } finally {
            http.detachAppender(appender);
        }
        List<String> warnings = new ArrayList<>();
        appender.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .forEach(e -> warnings.add(e.getFormattedMessage()));
        assertFalse(warnings.isEmpty(), "the failed forward and the failure are logged");
        assertTrue(warnings.stream().noneMatch(w -> w.contains("secret-user")), warnings.toString());
    }

    /** Reads one request head from {@code socket}'s next connection and answers 200 with a fixed body. */
    private static List<String> answerOnce(ServerSocket socket) {
        try (Socket connection = socket.accept()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.ISO_8859_1));
            List<String> head = new ArrayList<>();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                head.add(line);
            }
            String body = "{\"from\":\"owner\"}";
            connection.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length() + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1));
            return head;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
