package io.streamrec.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** A finished answer (status, extra headers, JSON body), built off the request thread and written in one go. */
record Reply(int status, Map<String, String> headers, byte[] body) {
    static final ObjectMapper JSON = new ObjectMapper();

    static Reply of(int status, byte[] body) {
        return new Reply(status, Map.of(), body);
    }

    static Reply error(int status, String message) {
        return of(status, json(JSON.createObjectNode().put("error", message)));
    }

    /** 503 with {@code Retry-After: 1}: try again shortly (rebalancing, restoring, busy). */
    static Reply retryLater(String message) {
        return error(503, message).with("Retry-After", "1");
    }

    Reply with(String header, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(header, value);
        return new Reply(status, more, body);
    }

    void send(Context ctx) {
        headers.forEach(ctx::header);
        ctx.status(status).contentType("application/json").result(body);
    }

    static byte[] json(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
