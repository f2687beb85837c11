package io.streamrec.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamrec.ranking.Surface;
import java.io.IOException;

/**
 * {@code ?surface=NAME} on a list: the stored record with {@code items} replaced by that surface's list, its name in
 * {@code surface}, and the other surfaces left out. Without configured surfaces the only surface is
 * {@value Surface#DEFAULT_NAME}.
 */
final class SurfaceView {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SurfaceView() {
    }

    /** The record seen through one surface, or null when the list has no such surface. */
    static byte[] select(byte[] stored, String surface) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(stored);
            JsonNode surfaces = node.remove("surfaces");
            if (surfaces == null || surfaces.isEmpty()) {
                if (!surface.equals(Surface.DEFAULT_NAME)) {
                    return null;
                }
            } else if (surfaces.has(surface)) {
                node.set("items", surfaces.get(surface));
            } else {
                return null;
            }
            node.put("surface", surface);
            return JSON.writeValueAsBytes(node);
        } catch (IOException | ClassCastException e) {
            throw new IllegalArgumentException("stored list is not JSON: " + e.getMessage(), e);
        }
    }
}
