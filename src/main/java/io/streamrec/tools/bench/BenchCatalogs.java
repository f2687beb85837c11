package io.streamrec.tools.bench;

import io.streamrec.scoring.InferenceOptions;
import io.streamrec.scoring.ModelLoadException;
import io.streamrec.scoring.RetrievalOptions;
import io.streamrec.scoring.SessionModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The catalogs of {@code streamrec bench --catalogs}: random-weight model directories by size (12k, 100k, 1m). */
public final class BenchCatalogs {
    /** The random models' items are item-1 .. item-N. */
    public static final String ITEM_PREFIX = "item-";

    private BenchCatalogs() {
    }

    /** {@code <benchModels>/items-<label>}, written by {@code streams-app/bin/bench-models} when it is missing. */
    public static Path ensure(String label, Path benchModels) throws IOException, InterruptedException {
        if (!label.matches("[0-9]+[km]?")) {
            throw new IllegalArgumentException("catalog '" + label + "' is not like 12k, 100k, 1m or a number");
        }
        Path home = Path.of(System.getProperty("streamrec.home", "."));
        Path root = benchModels != null ? benchModels : home.resolve("target").resolve("bench-models");
        Path dir = root.resolve("items-" + label);
        if (Files.isRegularFile(dir.resolve("model.json")) && Files.isRegularFile(dir.resolve("encoder.onnx"))) {
            return dir;
        }
        Path script = home.resolve("streams-app").resolve("bin").resolve("bench-models");
        System.out.printf("[bench] %s is missing: %s --out %s %s%n", dir, script, root, label);
        Process p = new ProcessBuilder(List.of(script.toString(), "--out", root.toString(), label)).inheritIO().start();
        if (p.waitFor() != 0 || !Files.isRegularFile(dir.resolve("model.json"))) {
            throw new IllegalStateException("could not write " + dir + " (exit " + p.exitValue() + ")");
        }
        return dir;
    }

    /**
     * The catalog's size, how the configured retrieval scores it, and the fast path's recall@10 against the exact
     * top-10 ({@link RetrievalRecall}, real sequences when available) — measured whether or not the configured
     * retrieval takes the fast path for this size; null when the directory cannot take it.
     */
    public static CatalogReport.Entry probe(String label, Path dir, InferenceOptions configured, int users) {
        InferenceOptions cpu = new InferenceOptions(io.streamrec.scoring.Device.CPU, 1,
                configured.retrieval().withMode(RetrievalOptions.Mode.ANN));
        try (SessionModel model = SessionModel.load(dir, cpu)) {
            int items = model.manifest().numItems();
            String retrieval = configured.retrieval().wantsFastPath(items) ? "fast path (" + model.retrieval() + ")"
                    : "exact";
            RetrievalRecall.Result recall = RetrievalRecall.run(model,
                    RetrievalRecall.defaultRows(items, model.maxLen(), users), 32);
            return new CatalogReport.Entry(label, dir.toString(), items, retrieval, recall, null);
        } catch (ModelLoadException e) {
            try (SessionModel model = SessionModel.load(dir, configured.withRetrieval(RetrievalOptions.EXACT_ONLY))) {
                return new CatalogReport.Entry(label, dir.toString(), model.manifest().numItems(), "exact", null, null);
            }
        }
    }
}
