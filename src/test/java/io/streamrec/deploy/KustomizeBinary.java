package io.streamrec.deploy;

import static io.streamrec.deploy.Manifests.parseDocuments;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The real kustomize ({@code kustomize build} or {@code kubectl kustomize}, v4 or later), when one is on the PATH. */
final class KustomizeBinary {
    private KustomizeBinary() {
    }

    /** {@code kustomize build} or {@code kubectl kustomize}, if on the PATH with kustomize v4 or later. */
    static Optional<List<String>> command() {
        if (onPath("kustomize") && kustomizeMajor(List.of("kustomize", "version")) >= 4) {
            return Optional.of(List.of("kustomize", "build"));
        }
        if (onPath("kubectl") && kustomizeMajor(List.of("kubectl", "version", "--client")) >= 4) {
            return Optional.of(List.of("kubectl", "kustomize"));
        }
        return Optional.empty();
    }

    private static boolean onPath(String exe) {
        return Arrays.stream(Objects.requireNonNullElse(System.getenv("PATH"), "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, exe)));
    }

    private static int kustomizeMajor(List<String> command) {
        try {
            String out = run(command, 60);
            Matcher m = Pattern.compile("(?i)kustomize[^\\n]*?v(\\d+)\\.|^v(\\d+)\\.", Pattern.MULTILINE).matcher(out);
            if (m.find()) {
                return Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2));
            }
        } catch (RuntimeException e) {
            // not usable
        }
        return -1;
    }

    static List<Map<String, Object>> build(List<String> command, Path dir) {
        List<String> full = new ArrayList<>(command);
        full.add(dir.toString());
        return parseDocuments(run(full, 120), String.join(" ", full));
    }

    private static String run(List<String> command, int timeoutSeconds) {
        try {
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            String out = readAll(p.getInputStream());
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command + " timed out");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(command + " exited " + p.exitValue() + ": " + err.join());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
