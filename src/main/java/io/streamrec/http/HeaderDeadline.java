package io.streamrec.http;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;

/**
 * Closes connections that have not delivered a complete request head within {@code timeout} of opening or of
 * their previous response. Jetty holds no thread for a half-read request, but its idle timeout restarts on every
 * byte, so a client that trickles its headers (slow-loris) would keep its connection forever; this bounds it.
 * A sweep every quarter of the timeout (at most every second) compares each connection's requests in and
 * responses out: a connection with a request in flight is never touched.
 */
final class HeaderDeadline implements AutoCloseable {
    private final long timeoutMillis;
    private final Map<Connection, long[]> waiting = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "streamrec-http-deadline");
        t.setDaemon(true);
        return t;
    });

    HeaderDeadline(Duration timeout) {
        this.timeoutMillis = timeout.toMillis();
    }

    void watch(Server server) {
        long period = Math.max(20, Math.min(1000, timeoutMillis / 4));
        sweeper.scheduleWithFixedDelay(() -> sweep(server), period, period, TimeUnit.MILLISECONDS);
    }

    private void sweep(Server server) {
        long now = System.currentTimeMillis();
        Set<Connection> open = new HashSet<>();
        for (Connector connector : server.getConnectors()) {
            for (EndPoint endPoint : connector.getConnectedEndPoints()) {
                Connection connection = endPoint.getConnection();
                if (connection != null) {
                    open.add(connection);
                    check(endPoint, connection, now);
                }
            }
        }
        waiting.keySet().retainAll(open);
    }

    /** state = {responses out when last seen, since when the connection has been waiting for a request head}. */
    private void check(EndPoint endPoint, Connection connection, long now) {
        long in = connection.getMessagesIn();
        long out = connection.getMessagesOut();
        long[] state = waiting.computeIfAbsent(connection, c -> new long[] {out, c.getCreatedTimeStamp()});
        if (in > out || out != state[0]) {
            state[0] = out;
            state[1] = now;
        } else if (now - state[1] > timeoutMillis) {
            endPoint.close();
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
