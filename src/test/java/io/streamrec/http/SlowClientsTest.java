package io.streamrec.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Slow and hostile clients: the server keeps answering probes and sheds what it cannot take. */
class SlowClientsTest {

    @Test
    void shouldAnswerLivenessWhileSlowLorisClientsHoldUnfinishedRequests() throws Exception {
        try (TestServer server = TestServer.start("http.trusted.network", "true", "http.threads", "6")) {
            List<Socket> loris = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    loris.add(RawHttp.unfinished(server.port()));
                }
                Thread.sleep(200);
                long start = System.nanoTime();
                HttpResponse<String> live = server.get("/health/live", null, Duration.ofSeconds(1));
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertEquals(200, live.statusCode());
                assertTrue(millis < 1_000, "answered in " + millis + " ms");
            } finally {
                for (Socket socket : loris) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void shouldCloseAConnectionThatTricklesItsHeadersPastTheHeaderTimeout() throws Exception {
        try (TestServer server = TestServer.start("http.trusted.network", "true", "http.header.timeout.ms", "500");
             Socket socket = RawHttp.unfinished(server.port())) {
            OutputStream out = socket.getOutputStream();
            long start = System.nanoTime();
            boolean closed = false;
            while (!closed && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5)) {
                try {
                    out.write('a');
                    out.flush();
                } catch (java.io.IOException e) {
                    closed = true;
                    break;
                }
                socket.setSoTimeout(100);
                closed = RawHttp.closedByServer(socket);
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(closed, "still open after " + millis + " ms of trickled header bytes");
            assertTrue(millis >= 400, "closed after " + millis + " ms, not before the timeout");
        }
    }

    @Test
    void shouldCloseAnIdleKeptAliveConnectionAfterTheIdleTimeout() throws Exception {
        try (TestServer server = TestServer.start("http.trusted.network", "true", "http.idle.timeout.ms", "500");
             Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
            socket.setSoTimeout(3_000);
            assertTrue(RawHttp.closedByServer(socket), "answered, then closed once no new request came");
        }
    }

    @Test
    void shouldNeverCutARequestInFlightForTheHeaderTimeout() throws Exception {
        try (TestServer server = TestServer.start("http.trusted.network", "true", "http.header.timeout.ms", "200")) {
            server.ownerOverride = user -> {
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new UserDirectory.Owner(true, TestServer.SELF, false);
            };
            server.putList("u1", "{}");
            assertEquals(200, server.get("/recommendations/u1", null, Duration.ofSeconds(5)).statusCode());
        }
    }

    @Test
    void shouldAnswerLivenessAndShedLoadWhileEveryApiThreadIsBusy() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (TestServer server = TestServer.start("http.trusted.network", "true", "http.api.threads", "2",
                "http.api.queue", "2")) {
            server.ownerOverride = user -> {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new UserDirectory.Owner(true, TestServer.SELF, false);
            };
            List<CompletableFuture<HttpResponse<String>>> stuck = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int n = i;
                stuck.add(CompletableFuture.supplyAsync(() -> get(server, "/recommendations/stuck-" + n)));
            }
            Thread.sleep(500);
            long start = System.nanoTime();
            assertEquals(200, server.get("/health/live", null, Duration.ofSeconds(1)).statusCode());
            assertEquals(200, server.get("/health/ready", null, Duration.ofSeconds(1)).statusCode());
            HttpResponse<String> shed = server.get("/recommendations/one-more", null, Duration.ofSeconds(1));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(503, shed.statusCode(), shed.body());
            assertEquals("1", shed.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(millis < 1_000, "probes and the refusal took " + millis + " ms");
            release.countDown();
            server.lists.clear();
            for (CompletableFuture<HttpResponse<String>> request : stuck) {
                assertEquals(404, request.get(10, TimeUnit.SECONDS).statusCode(), "queued requests complete");
            }
            assertFalse(stuck.isEmpty());
        }
    }

    @Test
    void shouldAnswer503WhenARequestOutlivesTheRequestTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (TestServer server = TestServer.start("http.trusted.network", "true", "http.request.timeout.ms", "300")) {
            server.ownerOverride = user -> {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new UserDirectory.Owner(true, TestServer.SELF, false);
            };
            HttpResponse<String> slow = server.get("/recommendations/slow", null, Duration.ofSeconds(3));
            release.countDown();
            assertEquals(503, slow.statusCode(), slow.body());
        }
    }

    private static HttpResponse<String> get(TestServer server, String path) {
        try {
            return server.get(path, null, Duration.ofSeconds(20));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
