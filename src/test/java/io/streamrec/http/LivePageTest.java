package io.streamrec.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamrec.events.RejectReason;
import io.streamrec.metrics.PipelineMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The live page at / and its server-sent metrics stream at /live/metrics. */
class LivePageTest {
    private static final String TOKEN = "t0ken";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldServeThePageFromTheJarBehindTheToken() throws Exception {
        try (TestServer server = TestServer.start("http.auth.token", TOKEN)) {
            HttpResponse<String> page = server.get("/", TOKEN);
            assertEquals(200, page.statusCode());
            assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
            assertTrue(page.body().contains("new EventSource(\"live/metrics\")"), page.body());
            assertEquals(401, server.get("/", null).statusCode());
            assertEquals(401, server.get("/live/metrics", null).statusCode());
        }
    }

    @Test
    void shouldTurnThePageOffWithTheSetting() throws Exception {
        try (TestServer server = TestServer.start("http.trusted.network", "true", "http.page.enabled", "false")) {
            assertEquals(404, server.get("/", null).statusCode());
            assertEquals(404, server.get("/live/metrics", null).statusCode());
        }
    }

    @Test
    void shouldPushAPointEverySecondLongerThanTheRequestTimeout() throws Exception {
        try (TestServer server = TestServer.start("http.auth.token", TOKEN, "http.request.timeout.ms", "500",
                "http.header.timeout.ms", "500")) {
            PipelineMetrics metrics = new PipelineMetrics(server.registry);
            metrics.input().reject(RejectReason.NOT_JSON);
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/live/metrics"))
                    .header("Authorization", "Bearer " + TOKEN).header("Accept", "text/event-stream").build();
            HttpResponse<Stream<String>> stream = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
            assertEquals(200, stream.statusCode());
            assertTrue(stream.headers().firstValue("Content-Type").orElseThrow().startsWith("text/event-stream"),
                    stream.headers().map().toString());
            long start = System.nanoTime();
            List<JsonNode> points = new ArrayList<>();
            Iterator<String> lines = stream.body().iterator();
            while (points.size() < 3 && lines.hasNext()) {
                String line = lines.next();
                if (line.startsWith("data:")) {
                    points.add(JSON.readTree(line.substring(5).trim()));
                    for (int i = 0; i < 50; i++) {
                        metrics.event();
                    }
                    metrics.recommendation(false, 20);
                }
            }
            stream.body().close();
            assertEquals(3, points.size());
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) > 1_000, "outlived the request timeout");
            JsonNode last = points.get(2);
            assertTrue(last.get("events_per_s").asDouble() > 0, last.toString());
            assertTrue(last.get("lists_per_s").asDouble() > 0, last.toString());
            assertNotNull(last.get("p99_ms"));
            assertEquals(1, last.get("dlq").get("not_json").asLong());
            assertEquals(1, last.get("dlq_total").asLong());
        }
    }

    @Test
    void shouldShowTheLargestLagOfTheStreamThreadsMainConsumers() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        LiveSampler sampler = new LiveSampler();
        assertTrue(sampler.sample(registry, 1, 1).get("lag").isNull(), "not reported yet");
        lag(registry, "app-1-StreamThread-1-consumer", 5);
        lag(registry, "app-1-StreamThread-2-consumer", 7);
        lag(registry, "app-1-StreamThread-3-consumer", Double.NaN);
        lag(registry, "app-1-StreamThread-1-restore-consumer", 1000);
        lag(registry, "app-1-GlobalStreamThread-global-consumer", 1000);
        assertEquals(7, sampler.sample(registry, 2, 2).get("lag").asLong());
    }

    private static void lag(PrometheusMeterRegistry registry, String client, double records) {
        io.micrometer.core.instrument.Gauge.builder("kafka.consumer-fetch-manager.records-lag-max", () -> records)
                .tags("client.id", client).register(registry);
    }

    @Test
    void shouldSampleRatesAndLatencyPercentilesOverTheLastInterval() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PipelineMetrics metrics = new PipelineMetrics(registry);
        LiveSampler sampler = new LiveSampler();
        metrics.recommendation(false, 5_000);
        sampler.sample(registry, 1_000_000_000L, 1);
        for (int i = 0; i < 200; i++) {
            metrics.event();
        }
        for (int i = 0; i < 99; i++) {
            metrics.recommendation(false, 10);
        }
        metrics.recommendation(false, 900);
        metrics.input().reject(RejectReason.DUPLICATE);
        JsonNode point = sampler.sample(registry, 3_000_000_000L, 2);
        assertEquals(100.0, point.get("events_per_s").asDouble());
        assertEquals(50.0, point.get("lists_per_s").asDouble());
        double p50 = point.get("p50_ms").asDouble();
        double p99 = point.get("p99_ms").asDouble();
        assertTrue(p50 >= 8 && p50 <= 12, "p50 " + p50 + " ms ignores the 5 s list before the interval");
        assertTrue(p99 >= 8 && p99 <= 12, "99 of 100 at 10 ms: p99 " + p99);
        assertEquals(1, point.get("dlq").get("duplicate").asLong());
        assertTrue(sampler.sample(registry, 4_000_000_000L, 3).get("p50_ms").isNull(), "no list in the interval");
    }
}
