package io.streamrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamrec.TestModels;
import io.streamrec.scoring.ItemEmbeddings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The bundled model through the whole replay, briefly: the named items are not chance, and the figures add up. */
class EvalExplainCommandTest {
    @TempDir
    Path tmp;

    @Test
    void shouldNameHistoryItemsOfTheRecommendedItemsCategoryFarMoreOftenThanChance() throws Exception {
        StringWriter out = new StringWriter();
        int status = new CommandLine(new EvalExplainCommand()).setOut(new PrintWriter(out))
                .execute("--events", "30000", "--users", "200", "--every", "10", "--json");

        assertEquals(0, status, out.toString());
        List<String> lines = out.toString().lines().toList();
        assertTrue(lines.get(0).startsWith("explanations: "), out.toString());
        JsonNode json = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertEquals(30000, json.get("events").asLong());
        long named = json.get("named_other").asLong();
        assertTrue(named > 5000, json.toString());
        assertEquals(json.get("comparable").asLong(), named + json.get("named_self").asLong()
                + json.get("unexplained").asLong(), json.toString());
        double same = json.get("same_category").asDouble();
        double chance = json.get("chance_same_category").asDouble();
        assertTrue(same > 2 * chance, "named " + same + " vs chance " + chance);
        assertTrue(same > json.get("last_item_same_category").asDouble(), json.toString());
        assertTrue(json.get("explain_us_per_list").asDouble() > 0, json.toString());
    }

    @Test
    void shouldRefuseAModelDirectoryWithoutItemTable() throws Exception {
        Path older = tmp.resolve("older");
        Files.createDirectories(older);
        try (var files = Files.list(TestModels.DEMO_MODEL)) {
            for (Path file : files.toList()) {
                if (!file.getFileName().toString().equals(ItemEmbeddings.FILE)) {
                    Files.copy(file, older.resolve(file.getFileName()));
                }
            }
        }
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode manifest = (ObjectNode) mapper.readTree(older.resolve("model.json").toFile());
        ((ObjectNode) manifest.get("files")).remove(ItemEmbeddings.FILE);
        mapper.writeValue(older.resolve("model.json").toFile(), manifest);
        StringWriter err = new StringWriter();

        int status = new CommandLine(new EvalExplainCommand()).setErr(new PrintWriter(err))
                .execute("--events", "100", "--model", older.toString());

        assertEquals(1, status);
        assertTrue(err.toString().contains("python -m streamrec_model embeddings"), err.toString());
    }
}
