package io.streamrec.scoring;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The fields of {@code model.json} the app relies on (written by model-export; other keys are ignored). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelManifest(
        @JsonProperty("name") String name,
        @JsonProperty("version") String version,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("sha256") String sha256,
        @JsonProperty("max_len") int maxLen,
        @JsonProperty("dim") int dim,
        @JsonProperty("k") int k,
        @JsonProperty("opset") int opset,
        @JsonProperty("inputs") List<String> inputs,
        @JsonProperty("outputs") List<String> outputs,
        @JsonProperty("num_items") int numItems,
        @JsonProperty("popular_items") List<String> popularItems,
        @JsonProperty("files") java.util.Map<String, String> files) {

    public static final String ITEM_IDS = "item_ids";
    public static final String EVENT_TYPES = "event_types";
    public static final String TOP_ITEMS = "top_items";
    public static final String TOP_SCORES = "top_scores";
    public static final String SESSION_VECTOR = "session_vector";
    public static final List<String> EXPECTED_INPUTS = List.of(ITEM_IDS, EVENT_TYPES);
    public static final List<String> EXPECTED_OUTPUTS = List.of(TOP_ITEMS, TOP_SCORES, SESSION_VECTOR);
}
