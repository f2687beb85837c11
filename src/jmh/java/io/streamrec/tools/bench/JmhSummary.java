package io.streamrec.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Prints a JMH JSON result file ({@code -rf json -rff FILE}) of {@link ScorerJmh} as a table: catalog, batch,
 * ms per call (± the 99.9% error JMH reports), ms per sequence and sequences per second.
 *
 * <p>{@code java -cp target/benchmarks.jar io.streamrec.tools.bench.JmhSummary target/jmh-scorer.json}
 */
public final class JmhSummary {

    private JmhSummary() {
    }

    record Row(String catalog, String device, int batch, double msPerCall, double error) {
        double sequencesPerSecond() {
            return batch * 1000.0 / msPerCall;
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: JmhSummary RESULT.json");
            System.exit(2);
        }
        List<Row> rows = read(Path.of(args[0]));
        System.out.println(table(rows));
    }

    static List<Row> read(Path file) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (JsonNode run : new ObjectMapper().readTree(file.toFile())) {
            JsonNode params = run.path("params");
            JsonNode metric = run.path("primaryMetric");
            if (!"ms/op".equals(metric.path("scoreUnit").asText())) {
                throw new IllegalArgumentException(file + ": expected ms/op scores (average-time mode), got "
                        + metric.path("scoreUnit").asText());
            }
            rows.add(new Row(params.path("catalog").asText("?"), params.path("device").asText("?"),
                    params.path("batch").asInt(), metric.path("score").asDouble(),
                    metric.path("scoreError").asDouble(Double.NaN)));
        }
        rows.sort(Comparator.comparing(Row::device).thenComparingLong(r -> catalogSize(r.catalog()))
                .thenComparing(Row::catalog).thenComparingInt(Row::batch));
        return rows;
    }

    static String table(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-8s %-6s %6s %12s %10s %12s %12s%n", "catalog", "device", "batch", "ms/call",
                "± (99.9%)", "ms/sequence", "sequences/s"));
        for (Row r : rows) {
            out.append(String.format("%-8s %-6s %6d %12.3f %10.3f %12.4f %12.0f%n", r.catalog(), r.device(), r.batch(),
                    r.msPerCall(), r.error(), r.msPerCall() / r.batch(), r.sequencesPerSecond()));
        }
        return out.toString();
    }

    /** "12k" -> 12000, "1m" -> 1000000; anything else sorts last. */
    static long catalogSize(String catalog) {
        String c = catalog.toLowerCase(java.util.Locale.ROOT);
        try {
            if (c.endsWith("k")) {
                return Long.parseLong(c.substring(0, c.length() - 1)) * 1_000;
            }
            if (c.endsWith("m")) {
                return Long.parseLong(c.substring(0, c.length() - 1)) * 1_000_000;
            }
            return Long.parseLong(c);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
