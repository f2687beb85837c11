package io.streamrec.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the instance that owns a user (a member of the group, at the {@code application.server} that Kafka Streams'
 * metadata names) for the resource. It sends the instance credential ({@code http.forward.token}, else
 * {@code http.auth.token}) and {@link HttpApi#FORWARDED_HEADER}, never the caller's own headers or token.
 */
final class Forwarder {
    private static final Logger log = LoggerFactory.getLogger(Forwarder.class);

    private final HttpClient client;
    private final String peerToken;
    private final Duration timeout;

    Forwarder(String peerToken, Duration timeout) {
        this.peerToken = peerToken;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout.compareTo(Duration.ofSeconds(2)) < 0 ? timeout : Duration.ofSeconds(2)).build();
    }

    Reply forward(String hostPort, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + hostPort + path))
                .timeout(timeout).header(HttpApi.FORWARDED_HEADER, "1").GET();
        if (!peerToken.isEmpty()) {
            request.header("Authorization", "Bearer " + peerToken);
        }
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            Reply reply = Reply.of(response.statusCode(), response.body());
            return response.headers().firstValue("Retry-After").map(v -> reply.with("Retry-After", v)).orElse(reply);
        } catch (IOException e) {
            log.warn("forwarding to the owner instance {} failed: {}", hostPort, e.getClass().getSimpleName());
            return Reply.error(502, "owner instance " + hostPort + " did not answer: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reply.retryLater("interrupted");
        }
    }
}
