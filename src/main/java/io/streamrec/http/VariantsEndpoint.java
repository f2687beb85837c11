package io.streamrec.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.streamrec.variants.FeedbackKey;
import io.streamrec.variants.FeedbackSnapshot;
import io.streamrec.variants.RankCounts;
import io.streamrec.variants.VariantAnnouncement;
import io.streamrec.variants.VariantAssignment;
import io.streamrec.variants.VariantModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /variants}: what this instance serves (each variant's kind, version, share and fraction of users) and its
 * online feedback since it started, per variant, version, event type and population: events, hits at K (K = the
 * list's length, {@code top.k}), hit rate, MRR and NDCG at K. Every instance counts the events of its own users;
 * Prometheus' {@code streamrec_feedback_*} add them up across instances.
 */
final class VariantsEndpoint {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<Serving> serving;

    VariantsEndpoint(Supplier<Serving> serving) {
        this.serving = serving;
    }

    void variants(Context ctx) {
        Serving current = serving.get();
        if (current == null || current.models() == null) {
            Reply.error(503, "starting").send(ctx);
            return;
        }
        reply(current.models()).send(ctx);
    }

    static Reply reply(Serving.Models models) {
        int k = models.k();
        VariantModels variants = models.variants();
        VariantAssignment assignment = variants.assignment();
        ObjectNode body = JSON.createObjectNode().put("salt", assignment.salt()).put("k", k);
        ArrayNode served = body.putArray("variants");
        Map<String, VariantAnnouncement> announced = variants.announcements();
        variants.versions().forEach((name, version) -> {
            ObjectNode v = served.addObject().put("variant", name).put("version", version);
            VariantAnnouncement announcement = announced.get(name);
            if (announcement != null) {
                v.put("kind", announcement.kind().wireName()).put("share", announcement.share());
            } else {
                v.put("kind", "model");
            }
            v.put("fraction", assignment.isEmpty() ? 1.0 : assignment.fraction(name));
        });
        FeedbackSnapshot snapshot = models.feedback().snapshot();
        ArrayNode feedback = body.putArray("feedback");
        for (Map.Entry<FeedbackKey, RankCounts> e : snapshot.counts().entrySet()) {
            FeedbackKey key = e.getKey();
            RankCounts c = e.getValue();
            double events = Math.max(1, c.events());
            feedback.addObject().put("variant", key.variant()).put("version", key.version())
                    .put("type", key.type().wireName()).put("population", key.population().wireName())
                    .put("events", c.events()).put("hits", c.hits(k)).put("hit_rate", c.hits(k) / events)
                    .put("mrr", c.reciprocalRankSum(k) / events).put("ndcg", c.dcgSum(k) / events);
        }
        ObjectNode skipped = body.putObject("not_after_list");
        snapshot.notAfterList().forEach(skipped::put);
        try {
            return Reply.of(200, JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
