package io.streamrec.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamrec.session.Interaction;
import io.streamrec.session.SessionState;

/** {@code GET /users/{user}/session}: the stored sequence (item, type, ts), purchases, counters, session vector. */
final class SessionJson {
    private SessionJson() {
    }

    static byte[] write(String user, SessionState state) {
        ObjectNode node = Reply.JSON.createObjectNode().put("user", user);
        ArrayNode interactions = node.putArray("interactions");
        for (Interaction i : state.interactions()) {
            interactions.addObject().put("item", i.item()).put("type", i.type().wireName()).put("ts", i.ts());
        }
        ArrayNode purchased = node.putArray("purchased");
        state.purchased().forEach(purchased::add);
        node.put("event_count", state.eventCount()).put("seq", state.seq()).put("newest_event_ts", state.newestEventTs());
        ArrayNode vector = node.putArray("session_vector");
        for (float value : state.sessionVector()) {
            vector.add(value);
        }
        return Reply.json(node);
    }
}
