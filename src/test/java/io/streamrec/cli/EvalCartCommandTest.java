package io.streamrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The bundled model through the whole replay, briefly: the figures come out and add up. */
class EvalCartCommandTest {
    @Test
    void shouldReportHitRatesWithTheRuleOnAndOff() throws Exception {
        StringWriter out = new StringWriter();
        int status = new CommandLine(new EvalCartCommand()).setOut(new PrintWriter(out))
                .execute("--events", "30000", "--users", "200", "--json", "--set", "cart.complements.max=2");

        assertEquals(0, status, out.toString());
        List<String> lines = out.toString().lines().toList();
        assertTrue(lines.get(0).startsWith("cart surface: HR@10 over "), out.toString());
        JsonNode json = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertEquals(30000, json.get("events").asLong());
        assertEquals(2, json.get("complements_max").asInt());
        long scored = json.get("scored").asLong();
        assertTrue(scored > 500 && scored <= json.get("cart_lists").asLong(), json.toString());
        assertEquals(json.get("hits_on").asLong() / (double) scored, json.get("hr_on").asDouble(), 1e-6);
        assertEquals(json.get("hits_on").asLong() - json.get("hits_off").asLong(),
                json.get("only_on").asLong() - json.get("only_off").asLong(), json.toString());
    }
}
