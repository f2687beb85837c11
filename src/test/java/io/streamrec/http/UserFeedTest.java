package io.streamrec.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamrec.events.Event;
import io.streamrec.events.EventType;
import io.streamrec.session.SessionBounds;
import io.streamrec.session.SessionState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One user followed live at /live/users/{user}, and the picker's recent users at /live/users. */
class UserFeedTest {
    private static final String TOKEN = "t0ken";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SECOND = Duration.ofSeconds(1);

    @Test
    void shouldPushTheSessionAndListThenOnlyWhatChanged() throws Exception {
        try (TestServer server = TestServer.start("http.auth.token", TOKEN)) {
            server.sessions.put("u1", session("u1", "sku-1"));
            server.putList("u1", list("u1", 1, "sku-2"));
            try (SseStream stream = SseStream.open(server.port(), "/live/users/u1", TOKEN)) {
                assertEquals(200, stream.status());
                assertEquals(200, json(stream.next("status", SECOND)).get("status").asInt());
                JsonNode session = json(stream.next("session", SECOND));
                assertEquals("sku-1", session.get("interactions").get(0).get("item").asText());
                assertEquals(1, json(stream.next("list", SECOND)).get("seq").asLong());

                assertNull(stream.next(Duration.ofMillis(700)), "nothing changed, nothing sent");

                server.putList("u1", list("u1", 2, "sku-3"));
                SseStream.Event next = stream.next(SECOND);
                assertEquals("list", next.name(), "only the list changed");
                assertEquals("sku-3", json(next).get("items").get(0).get("item").asText());

                server.sessions.put("u1", session("u1", "sku-1", "sku-4"));
                next = stream.next(SECOND);
                assertEquals("session", next.name());
                assertEquals(2, json(next).get("interactions").size());
            }
        }
    }

    @Test
    void shouldSayTheUserIsUnknownUntilTheirFirstEvent() throws Exception {
        try (TestServer server = TestServer.start("http.auth.token", TOKEN)) {
            try (SseStream stream = SseStream.open(server.port(), "/live/users/new%20user", TOKEN)) {
                JsonNode status = json(stream.next("status", SECOND));
                assertEquals(404, status.get("status").asInt());
                assertEquals("unknown user", status.get("error").asText());
                server.sessions.put("new user", session("new user", "sku-9"));
                server.putList("new user", list("new user", 1, "sku-8"));
                assertEquals(200, json(stream.next("status", SECOND)).get("status").asInt());
                assertEquals("new user", json(stream.next("session", SECOND)).get("user").asText());
                assertEquals("sku-8", json(stream.next("list", SECOND)).get("items").get(0).get("item").asText());
            }
        }
    }

    @Test
    void shouldFollowAUserThatAnotherInstanceOwnsThroughTheOwner() throws Exception {
        try (TestServer owner = TestServer.start("http.auth.token", TOKEN);
             TestServer entry = TestServer.start("http.auth.token", TOKEN)) {
            owner.sessions.put("u2", session("u2", "sku-5"));
            owner.putList("u2", list("u2", 7, "sku-6"));
            entry.owners.put("u2", "127.0.0.1:" + owner.port());
            try (SseStream stream = SseStream.open(entry.port(), "/live/users/u2", TOKEN)) {
                assertEquals(200, json(stream.next("status", SECOND)).get("status").asInt());
                assertEquals("sku-5", json(stream.next("session", SECOND)).get("interactions").get(0)
                        .get("item").asText());
                assertEquals(7, json(stream.next("list", SECOND)).get("seq").asLong());
                owner.putList("u2", list("u2", 8, "sku-7"));
                assertEquals(8, json(stream.next("list", SECOND)).get("seq").asLong());
            }
        }
    }

    @Test
    void shouldRefuseViewersBeyondTheBound() throws Exception {
        try (TestServer server = TestServer.start("http.auth.token", TOKEN)) {
            List<SseStream> streams = new ArrayList<>();
            try {
                for (int i = 0; i < UserFeed.MAX_VIEWERS; i++) {
                    SseStream stream = SseStream.open(server.port(), "/live/users/u" + i, TOKEN);
                    streams.add(stream);
                    assertNotNull(stream.next("status", SECOND), "viewer " + i + " admitted");
                }
                try (SseStream extra = SseStream.open(server.port(), "/live/users/one-too-many", TOKEN)) {
                    SseStream.Event refused = extra.next(SECOND);
                    assertEquals("refused", refused.name());
                    assertEquals(503, json(refused).get("status").asInt());
                }
                streams.remove(0).close();
                assertTrue(admittedWithin(server, Duration.ofSeconds(10)), "a viewer that left frees its place");
            } finally {
                streams.forEach(SseStream::close);
            }
        }
    }

    @Test
    void shouldReportARebalanceAndCarryOnAfterIt() throws Exception {
        try (TestServer server = TestServer.start("http.auth.token", TOKEN)) {
            server.sessions.put("u3", session("u3", "sku-1"));
            server.putList("u3", list("u3", 1, "sku-2"));
            try (SseStream stream = SseStream.open(server.port(), "/live/users/u3", TOKEN)) {
                assertNotNull(stream.next("list", SECOND));
                server.ownerOverride = user -> UserDirectory.Owner.UNAVAILABLE;
                assertEquals(503, json(stream.next("status", SECOND)).get("status").asInt());
                server.putList("u3", list("u3", 2, "sku-3"));
                server.ownerOverride = null;
                assertEquals(200, json(stream.next("status", SECOND)).get("status").asInt());
                assertEquals(2, json(stream.next("list", SECOND)).get("seq").asLong());
            }
        }
    }

    private static boolean admittedWithin(TestServer server, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (SseStream stream = SseStream.open(server.port(), "/live/users/late", TOKEN)) {
                SseStream.Event first = stream.next(SECOND);
                if (first != null && first.name().equals("status")) {
                    return true;
                }
            }
            Thread.sleep(500);
        }
        return false;
    }

    @Test
    void shouldRefuseABadEscapeAndAskForTheToken() throws Exception {
        try (TestServer server = TestServer.start("http.auth.token", TOKEN)) {
            assertEquals(400, server.get("/live/users/bad%C3%28", TOKEN).statusCode(), "not UTF-8");
            assertEquals(401, server.get("/live/users/u1", null).statusCode());
            assertEquals(401, server.get("/live/users", null).statusCode());
        }
    }

    @Test
    void shouldListRecentUsersNewestFirstAndTurnOffWithThePage() throws Exception {
        try (TestServer server = TestServer.start("http.auth.token", TOKEN)) {
            RecentUsers recent = server.api.page().recent();
            recent.saw("old", 1_000);
            recent.saw("newest", 3_000);
            recent.saw("middle", 2_000);
            recent.saw("gone", 4_000);
            recent.forget("gone");
            JsonNode users = JSON.readTree(server.get("/live/users", TOKEN).body()).get("users");
            assertEquals("[\"newest\",\"middle\",\"old\"]", users.toString());
        }
        try (TestServer server = TestServer.start("http.trusted.network", "true", "http.page.enabled", "false")) {
            assertEquals(404, server.get("/live/users", null).statusCode());
            assertEquals(404, server.get("/live/users/u1", null).statusCode());
        }
    }

    @Test
    void shouldKeepTheMostRecentUsersOnly() {
        RecentUsers recent = new RecentUsers();
        for (int i = 0; i < RecentUsers.CAPACITY + 10; i++) {
            recent.saw("u" + i, i);
        }
        List<String> newest = recent.newest();
        assertEquals(RecentUsers.CAPACITY, newest.size());
        assertEquals("u" + (RecentUsers.CAPACITY + 9), newest.get(0));
        assertTrue(!newest.contains("u9") && newest.contains("u10"), newest.toString());
    }

    private static SessionState session(String user, String... items) {
        SessionState state = new SessionState();
        long ts = 1_000;
        for (String item : items) {
            state.apply(Event.of(user, item, EventType.CLICK, ts++), new SessionBounds(50, 50, 100));
        }
        return state;
    }

    private static String list(String user, long seq, String item) {
        return "{\"user\":\"" + user + "\",\"items\":[{\"item\":\"" + item + "\",\"score\":0.5,\"source\":\"model\","
                + "\"because\":{\"because\":\"viewed\",\"item\":\"sku-1\"}}],\"model\":\"m1\",\"variant\":\"A\","
                + "\"generated_at\":1,\"event_ts\":1,\"seq\":" + seq + ",\"cold_start\":false}";
    }

    private static JsonNode json(SseStream.Event event) throws Exception {
        assertNotNull(event, "an event within the timeout");
        return JSON.readTree(event.data());
    }
}
