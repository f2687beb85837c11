package io.streamrec.variants;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * The JSON of a {@link ModelEvent} on {@code model-events} (key = variant), fields left out when null:
 * {@code {"variant": "A", "outcome": "refused", "announced": "v2", "serving": "v1", "previous": "v1", "share": 0.5,
 * "reason": "... has sha256 ... but the announcement says ...", "at": 1732900000000}}.
 */
public final class ModelEventCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelEventCodec() {
    }

    public static byte[] write(ModelEvent event) {
        ObjectNode node = JSON.createObjectNode();
        putIfPresent(node, "variant", event.variant());
        node.put("outcome", event.outcome().wireName());
        putIfPresent(node, "announced", event.announced());
        putIfPresent(node, "serving", event.serving());
        putIfPresent(node, "previous", event.previous());
        if (event.share() != null) {
            node.put("share", event.share());
        }
        putIfPresent(node, "reason", event.reason());
        node.put("at", event.at());
        try {
            return JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
