package io.streamrec.http;

import io.javalin.config.JavalinConfig;
import io.streamrec.config.HttpSettings;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty under Javalin: at most {@code http.threads} server threads, connections closed after
 * {@code http.idle.timeout.ms} without a byte, no server version in the answers. The server threads only parse
 * requests and answer the quick endpoints (health, metrics, the page); user requests wait in the bounded
 * {@link ApiPool}. Jetty's own job queue stays unbounded, as Jetty requires (a rejected selector job stalls the
 * connector): it holds at most one job per open connection, and {@link HeaderDeadline} and the idle timeout
 * bound how long a connection stays open.
 */
final class JettySetup {
    private JettySetup() {
    }

    static void apply(JavalinConfig config, HttpSettings settings, String bindHost) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        QueuedThreadPool pool = new QueuedThreadPool(settings.threads(), Math.min(4, settings.threads()), 60_000);
        pool.setName("streamrec-http");
        pool.setDaemon(true);
        config.jetty.threadPool = pool;
        config.jetty.timeoutStatus = 503;
        config.http.asyncTimeout = settings.requestTimeout().toMillis() + 1_000;
        config.jetty.modifyHttpConfiguration(http -> {
            http.setSendServerVersion(false);
            http.setSendXPoweredBy(false);
        });
        config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrors()));
        config.jetty.addConnector((server, http) -> {
            ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
            connector.setHost(bindHost);
            connector.setPort(settings.port());
            connector.setIdleTimeout(settings.idleTimeout().toMillis());
            return connector;
        });
    }

    /**
     * What Jetty answers itself, for a request it refuses before routing (a bad {@code %} escape, an ambiguous or
     * oversized URI): the API's JSON error shape, with the status' reason only (never the request's path).
     */
    private static final class JsonErrors extends ErrorHandler {
        @Override
        protected void generateResponse(Request request, Response response, int code, String message,
                                        Throwable cause, Callback callback) {
            String reason = HttpStatus.getMessage(code).toLowerCase(Locale.ROOT);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.write(true, ByteBuffer.wrap(Reply.error(code, reason).body()), callback);
        }
    }
}
