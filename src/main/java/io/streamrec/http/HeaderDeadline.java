package io.streamrec.http;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.internal.HttpConnection;

/**
 * Closes connections that started a request but have not finished its head (request line and headers) within
 * {@code timeout}. Jetty holds no thread for a half-read request, but its idle timeout restarts on every byte, so
 * a client that trickles its headers (slow-loris) would keep its connection forever. A sweep every quarter of the
 * timeout (at most every second) looks at each HTTP/1 connection's parser; a request being answered (a stream
 * included) and an idle kept-alive connection (that is the idle timeout's business) are never touched.
 */
final class HeaderDeadline implements AutoCloseable {
    private final long timeoutNanos;
    /** Per connection in a head: {requests in when first seen there, since when (nanos)}. */
    private final Map<HttpConnection, long[]> inHead = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "streamrec-http-deadline");
        t.setDaemon(true);
        return t;
    });

    HeaderDeadline(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
    }

    void watch(Server server) {
        long period = Math.max(20, Math.min(1000, TimeUnit.NANOSECONDS.toMillis(timeoutNanos) / 4));
        sweeper.scheduleWithFixedDelay(() -> sweep(server), period, period, TimeUnit.MILLISECONDS);
    }

    private void sweep(Server server) {
        long now = System.nanoTime();
        Set<HttpConnection> reading = new HashSet<>();
        for (Connector connector : server.getConnectors()) {
            for (EndPoint endPoint : connector.getConnectedEndPoints()) {
                if (endPoint.getConnection() instanceof HttpConnection connection && readingHead(connection)) {
                    reading.add(connection);
                    long requests = connection.getMessagesIn();
                    long[] since = inHead.computeIfAbsent(connection, c -> new long[] {requests, now});
                    if (since[0] != requests) {
                        since[0] = requests;
                        since[1] = now;
                    } else if (now - since[1] > timeoutNanos) {
                        endPoint.close();
                    }
                }
            }
        }
        inHead.keySet().retainAll(reading);
    }

    /** Some of a request head arrived, not all of it. */
    private static boolean readingHead(HttpConnection connection) {
        HttpParser parser = connection.getParser();
        return parser.inHeaderState() && !parser.isStart();
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
