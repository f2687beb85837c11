package io.streamrec.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rate limits are per client and counted after authentication. */
class ClientLimitsTest {
    private static final String TOKEN = "t0ken";
    private static final Map<String, String> AUTH = Map.of("Authorization", "Bearer " + TOKEN);

    @Test
    void shouldNotLetAnUnauthenticatedFloodStarveAnAuthenticatedClient() throws Exception {
        try (TestServer server = TestServer.start("http.auth.token", TOKEN, "http.max.requests.per.second", "5")) {
            server.putList("u1", "{}");
            int limited = 0;
            for (int i = 0; i < 40; i++) {
                int status = RawHttp.get("127.0.0.3", server.port(), "/recommendations/u1", Map.of()).status();
                assertTrue(status == 401 || status == 429, "unauthenticated: " + status);
                limited += status == 429 ? 1 : 0;
            }
            assertTrue(limited > 0, "the flood itself is limited");
            assertEquals(200, RawHttp.get("127.0.0.3", server.port(), "/recommendations/u1", AUTH).status(),
                    "same address, with the token: its own budget");
            assertEquals(200, RawHttp.get("127.0.0.1", server.port(), "/recommendations/u1", AUTH).status());
        }
    }

    @Test
    void shouldLimitEachClientOnItsOwn() throws Exception {
        try (TestServer server = TestServer.start("http.auth.token", TOKEN, "http.max.requests.per.second", "5")) {
            server.putList("u1", "{}");
            int limited = 0;
            for (int i = 0; i < 40; i++) {
                limited += RawHttp.get("127.0.0.2", server.port(), "/recommendations/u1", AUTH).status() == 429 ? 1 : 0;
            }
            assertTrue(limited > 0, "a client over its budget gets 429");
            assertEquals(200, RawHttp.get("127.0.0.1", server.port(), "/recommendations/u1", AUTH).status(),
                    "another client keeps its budget");
            assertEquals(200, RawHttp.get("127.0.0.2", server.port(), "/health/live", Map.of()).status(),
                    "probes are never limited");
        }
    }
}
