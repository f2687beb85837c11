package io.streamrec.deploy;

import static io.streamrec.deploy.Manifests.readString;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Dockerfile's instructions (continuation lines joined, comments dropped), enough to check what an image holds. */
record Dockerfile(Path file, List<String[]> instructions) {
    static Dockerfile read(Path file) {
        List<String[]> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : readString(file).split("\n")) {
            String stripped = line.strip();
            if (current.isEmpty() && (stripped.isEmpty() || stripped.startsWith("#"))) {
                continue;
            }
            if (stripped.startsWith("#")) {
                continue;
            }
            if (stripped.endsWith("\\")) {
                current.append(stripped, 0, stripped.length() - 1).append(' ');
                continue;
            }
            current.append(stripped);
            String full = current.toString().strip();
            current.setLength(0);
            int space = full.indexOf(' ');
            out.add(new String[] {full.substring(0, space).toUpperCase(Locale.ROOT), full.substring(space + 1).strip()});
        }
        return new Dockerfile(file, out);
    }

    List<String> all(String instruction) {
        return instructions.stream().filter(i -> i[0].equals(instruction)).map(i -> i[1]).toList();
    }

    /** The last occurrence (the runtime stage's). */
    String last(String instruction) {
        List<String> all = all(instruction);
        assertFalse(all.isEmpty(), file + " has no " + instruction);
        return all.get(all.size() - 1);
    }

    Map<String, String> env() {
        return keyValues(all("ENV"));
    }

    Map<String, String> args() {
        return keyValues(all("ARG"));
    }

    private static Map<String, String> keyValues(List<String> lines) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S+)").matcher(String.join(" ", lines));
        while (m.find()) {
            String v = m.group(2);
            out.put(m.group(1), v.startsWith("\"") ? v.substring(1, v.length() - 1) : v);
        }
        return out;
    }

    /** Where {@code COPY <source> <dest>} (from the build context) puts a source, or null. */
    String copyDestination(String source) {
        for (String copy : all("COPY")) {
            String[] words = copy.split("\\s+");
            if (!words[0].startsWith("--from") && words.length == 2 && words[0].equals(source)) {
                return words[1];
            }
        }
        return null;
    }

    List<String> contextCopySources() {
        List<String> out = new ArrayList<>();
        for (String copy : all("COPY")) {
            List<String> words = new ArrayList<>(List.of(copy.split("\\s+")));
            if (words.stream().anyMatch(w -> w.startsWith("--from"))) {
                continue;
            }
            words.removeIf(w -> w.startsWith("--"));
            out.addAll(words.subList(0, words.size() - 1).stream().map(w -> w.replaceAll("/+$", "").replaceFirst("^\\./", "")).toList());
        }
        return out;
    }
}
