package io.streamrec.cli;

import io.streamrec.config.StreamrecConfig;
import io.streamrec.events.Event;
import io.streamrec.events.EventCodec;
import io.streamrec.scoring.Device;
import io.streamrec.scoring.InferenceOptions;
import io.streamrec.scoring.ParityCheck;
import io.streamrec.scoring.RetrievalOptions;
import io.streamrec.tools.bench.RetrievalRecall;
import io.streamrec.scoring.SessionModel;
import io.streamrec.tools.bench.ScorerBenchmark;
import io.streamrec.tools.models.ModelAnnouncer;
import io.streamrec.tools.models.OfflineComparison;
import io.streamrec.tools.sim.JsonlEvents;
import io.streamrec.variants.VariantAnnouncement;
import io.streamrec.variants.VariantKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Inspects a model directory (verify it the way the app does, check parity, time inference) and announces it. */
@Command(name = "model", mixinStandardHelpOptions = true, description = "Check or benchmark a model directory.",
        subcommands = {ModelCommand.Check.class, ModelCommand.Bench.class, ModelCommand.Publish.class,
                ModelCommand.Compare.class, ModelCommand.Recall.class})
public final class ModelCommand {

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Load the model as the app would and replay parity.json; exit 1 if either fails.")
    static final class Check implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "Model directory")
        Path dir;

        @Option(names = "--tolerance", defaultValue = "1e-4", description = "Max score difference (default ${DEFAULT-VALUE})")
        double tolerance;

        @Override
        public Integer call() {
            try (SessionModel model = SessionModel.load(dir, new InferenceOptions(Device.CPU, 1))) {
                System.out.printf("model %s: %d items, max_len %d, dim %d, k %d, provider %s%n", model.version(),
                        model.vocabulary().size(), model.maxLen(), model.manifest().dim(), model.manifest().k(),
                        model.provider());
                if (!Files.exists(dir.resolve(ParityCheck.PARITY_FILE))) {
                    System.out.println("no parity.json: signature checked, parity not checked");
                    return 0;
                }
                ParityCheck.Result result = ParityCheck.run(model, dir, tolerance);
                System.out.printf("parity: %d cases, max |score diff| %.2e, %s%n", result.cases(),
                        result.maxScoreDiff(), result.passed() ? "OK" : "FAILED");
                result.mismatches().stream().limit(20).forEach(m -> System.out.println("  " + m));
                return result.passed() ? 0 : 1;
            }
        }
    }

    @Command(name = "bench", mixinStandardHelpOptions = true,
            description = "Median inference time per call at several batch sizes (ONNX Runtime alone, no Kafka).")
    static final class Bench implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "Model directory")
        Path dir;

        @Option(names = "--batch", split = ",", defaultValue = "1,32,256", description = "Batch sizes (default ${DEFAULT-VALUE})")
        int[] batches;

        @Option(names = "--calls", defaultValue = "200", description = "Timed calls per batch size (default ${DEFAULT-VALUE})")
        int calls;

        @Option(names = "--threads", defaultValue = "1", description = "ONNX Runtime intra-op threads (default ${DEFAULT-VALUE})")
        int threads;

        @Option(names = "--device", defaultValue = "cpu", description = "cpu, cuda or auto (default ${DEFAULT-VALUE})")
        String device;

        @Option(names = "--retrieval", defaultValue = "exact",
                description = "exact (model.onnx), ann (the fast path) or auto (default ${DEFAULT-VALUE})")
        String retrieval;

        @Option(names = "--candidates", defaultValue = "" + RetrievalOptions.DEFAULT_CANDIDATES,
                description = "Fast path: items the index returns per sequence (default ${DEFAULT-VALUE})")
        int candidates;

        @Override
        public Integer call() {
            InferenceOptions options = new InferenceOptions(Device.parse(device), threads, RetrievalOptions.DEFAULT
                    .withMode(RetrievalOptions.Mode.parse(retrieval)).withCandidates(candidates));
            try (SessionModel model = SessionModel.load(dir, options)) {
                System.out.printf("model %s, %d items, max_len %d, %s, %d intra-op thread(s), %s%n", model.version(),
                        model.vocabulary().size(), model.maxLen(), model.provider(), threads, model.retrieval());
                System.out.println("batch  median_ms/call  ms/sequence  sequences/s");
                for (ScorerBenchmark.Row row : ScorerBenchmark.run(model, batches, calls, 42)) {
                    System.out.printf("%5d  %14.3f  %11.4f  %11.0f%n", row.batch(), row.medianMsPerCall(),
                            row.msPerSequence(), row.sequencesPerSecond());
                }
                return 0;
            }
        }
    }

    @Command(name = "recall", mixinStandardHelpOptions = true,
            description = "Recall@10 (and @k) of the fast path (scoring.retrieval=ann) against the exact top-k of "
                    + "model.onnx on real sessions, and both paths' time per sequence. Exit 1 when recall@10 is "
                    + "below --min-recall.")
    static final class Recall implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "Model directory (with encoder.onnx and item_embeddings.f32)")
        Path dir;

        @Option(names = "--sequences", description = "Sequences file (user item item ...), items mapped onto the "
                + "model's by a hash; default: the Amazon Beauty file when present, else simulated shoppers")
        Path sequences;

        @Option(names = "--users", defaultValue = "2000", description = "Sequences to score (default ${DEFAULT-VALUE})")
        int users;

        @Option(names = "--candidates", split = ",", defaultValue = "" + RetrievalOptions.DEFAULT_CANDIDATES,
                description = "Items the index returns per sequence; several: one line each (default ${DEFAULT-VALUE})")
        int[] candidates;

        @Option(names = "--batch", defaultValue = "32", description = "Sequences per call (default ${DEFAULT-VALUE})")
        int batch;

        @Option(names = "--min-recall", defaultValue = "0.98", description = "Required recall@10 (default ${DEFAULT-VALUE})")
        double minRecall;

        @Option(names = "--json", description = "One JSON line per candidate count")
        boolean json;

        @Override
        public Integer call() {
            boolean ok = true;
            for (int c : candidates) {
                RetrievalOptions r = RetrievalOptions.DEFAULT.withMode(RetrievalOptions.Mode.ANN).withCandidates(c);
                long start = System.nanoTime();
                try (SessionModel model = SessionModel.load(dir, new InferenceOptions(Device.CPU, 1, r))) {
                    double loadS = (System.nanoTime() - start) / 1e9;
                    Path file = sequences != null ? sequences : RetrievalRecall.defaultSequences();
                    List<RetrievalRecall.Row> rows = file != null
                            ? RetrievalRecall.fromSequences(file, model.manifest().numItems(), model.maxLen(), users)
                            : RetrievalRecall.simulated(model.manifest().numItems(), model.maxLen(), users, 42);
                    String source = file != null ? file.getFileName().toString() : "simulated shoppers";
                    RetrievalRecall.Result res = RetrievalRecall.run(model, rows, batch);
                    ok &= res.recall10() >= minRecall;
                    if (json) {
                        System.out.printf(Locale.ROOT, "{\"model\":\"%s\",\"items\":%d,\"sequences\":%d,\"source\":\"%s\","
                                        + "\"retrieval\":\"%s\",\"candidates\":%d,\"recall_at_10\":%.4f,\"k\":%d,"
                                        + "\"recall_at_k\":%.4f,\"batch\":%d,\"exact_ms_per_sequence\":%.4f,"
                                        + "\"fast_ms_per_sequence\":%.4f,\"load_s\":%.1f}%n", model.version(),
                                model.manifest().numItems(), res.sequences(), source, res.retrieval(), c,
                                res.recall10(), res.k(), res.recallK(), res.batch(), res.exactMsPerSequence(),
                                res.fastMsPerSequence(), loadS);
                    } else {
                        System.out.printf(Locale.ROOT, "model %s, %d items, %d sequences (%s), %s%n"
                                        + "  recall@10 %.4f, recall@%d %.4f; batch %d: exact %.3f ms/sequence, fast "
                                        + "%.3f ms/sequence (%.1fx); load + index %.1f s%n", model.version(),
                                model.manifest().numItems(), res.sequences(), source, res.retrieval(), res.recall10(),
                                res.k(), res.recallK(), res.batch(), res.exactMsPerSequence(),
                                res.fastMsPerSequence(), res.exactMsPerSequence() / res.fastMsPerSequence(), loadS);
                    }
                }
            }
            return ok ? 0 : 1;
        }
    }

    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = "Announce a model directory (or trending/popular) as a variant on model-updates: every "
                    + "instance loads, checks and serves it without a restart. Rollback: publish the previous one.")
    static final class Publish implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", arity = "0..1",
                description = "Model directory, at the same path on every instance (omit with --kind)")
        Path dir;

        @Option(names = "--variant", required = true, description = "Variant name, e.g. A")
        String variant;

        @Option(names = "--share", defaultValue = "1", description = "Share of users, a weight in [0, 1] (default ${DEFAULT-VALUE})")
        double share;

        @Option(names = "--kind", defaultValue = "model", description = "model, trending or popular (default ${DEFAULT-VALUE})")
        String kind;

        @Option(names = "--remove", description = "Remove the variant (a tombstone)")
        boolean remove;

        @Mixin
        ConfigOptions configOptions;

        @Override
        public Integer call() throws Exception {
            StreamrecConfig config = configOptions.load();
            VariantAnnouncement announcement = null;
            if (!remove) {
                if (kind.equals("model")) {
                    if (dir == null) {
                        System.err.println("a model variant needs its directory");
                        return 2;
                    }
                    announcement = ModelAnnouncer.forDirectory(variant, dir, share);
                } else {
                    announcement = VariantAnnouncement.withoutModel(variant, VariantKind.fromWireName(kind)
                            .orElseThrow(() -> new IllegalArgumentException("--kind must be model, trending or popular")),
                            share);
                }
            }
            byte[] value = ModelAnnouncer.send(config, variant, announcement);
            System.out.println((remove ? "removed " : "announced ") + variant + " on " + config.modelUpdatesTopic()
                    + (value == null ? "" : ": " + new String(value, StandardCharsets.UTF_8)));
            return 0;
        }
    }

    @Command(name = "compare", mixinStandardHelpOptions = true,
            description = "Offline HR@10 and NDCG@10 of a candidate and the serving model on the same held-out "
                    + "events (each user's last event), scored as the app scores; exit 0 when the candidate is not "
                    + "worse (NDCG@10), 1 when it is.")
    static final class Compare implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "CANDIDATE", description = "Candidate model directory")
        Path candidate;

        @Parameters(index = "1", paramLabel = "SERVING", description = "The model serving now")
        Path serving;

        @Option(names = "--events", required = true, description = "JSON Lines events (streamrec events export)")
        Path events;

        @Option(names = "--tolerance", defaultValue = "0", description = "NDCG@10 the candidate may lose (default ${DEFAULT-VALUE})")
        double tolerance;

        @Override
        public Integer call() throws Exception {
            List<Event> all = new ArrayList<>();
            try (JsonlEvents lines = new JsonlEvents(events, new EventCodec())) {
                lines.forEachRemaining(all::add);
            }
            InferenceOptions cpu = new InferenceOptions(Device.CPU, 1);
            try (SessionModel next = SessionModel.load(candidate, cpu); SessionModel now = SessionModel.load(serving, cpu)) {
                OfflineComparison comparison = new OfflineComparison(all, Math.max(next.maxLen(), now.maxLen()));
                OfflineComparison.Metrics a = comparison.evaluate(next);
                OfflineComparison.Metrics b = comparison.evaluate(now);
                boolean notWorse = a.ndcg10() >= b.ndcg10() - tolerance;
                System.out.printf(Locale.ROOT, "held-out users: %d%ncandidate %s: HR@10 %.4f NDCG@10 %.4f%n"
                                + "serving   %s: HR@10 %.4f NDCG@10 %.4f%nverdict: %s%n", comparison.users(),
                        a.version(), a.hr10(), a.ndcg10(), b.version(), b.hr10(), b.ndcg10(),
                        notWorse ? "not worse: publish" : "worse: keep the serving model");
                return notWorse ? 0 : 1;
            }
        }
    }
}
