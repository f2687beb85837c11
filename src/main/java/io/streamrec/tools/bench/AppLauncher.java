package io.streamrec.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a configuration as its own JVM from the packaged jar, as it would run in production ({@code streamrec run},
 * or {@link MinimalStreamsApp}), so that its CPU time is its own and not the load generator's.
 *
 * @param jar        the packaged {@code streamrec.jar}
 * @param javaOpts   JVM options for every app (heap, a flight recording ...)
 * @param configArgs the options of {@code run} the bench was given ({@code --config}, {@code --model},
 *                   {@code --device}, {@code --set ...}); the mode's and the bench's own settings come after them
 */
public record AppLauncher(Path jar, List<String> javaOpts, List<String> configArgs) {

    public AppLauncher {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is not the packaged jar: build it with `mvn -DskipTests package`"
                    + " and run the bench from it (streams-app/bin/streamrec bench)");
        }
        javaOpts = List.copyOf(javaOpts);
        configArgs = List.copyOf(configArgs);
    }

    /**
     * @param name application id, output topic and state directory name of this run
     */
    Process start(BenchMode mode, String name, String bootstrap, Path work) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOpts);
        command.add("-Dstreamrec.home=" + System.getProperty("streamrec.home", "."));
        // a crash report goes beside the app's log, not into whatever directory the bench was started from
        command.add("-XX:ErrorFile=" + work.resolve(name + "-hs_err_%p.log"));
        if (mode == BenchMode.MINIMAL) {
            command.addAll(List.of("-cp", jar.toString(), MinimalStreamsApp.class.getName(), "--output", name));
        } else {
            command.addAll(List.of("-jar", jar.toString(), "run", "--http-port=-1"));
        }
        command.addAll(configArgs);
        command.addAll(List.of("--bootstrap", bootstrap));
        for (Map.Entry<String, String> setting : mode.settings().entrySet()) {
            command.addAll(List.of("--set", setting.getKey() + "=" + setting.getValue()));
        }
        command.addAll(List.of("--set", "application.id=" + name, "--set", "recommendations.topic=" + name,
                "--set", "state.dir=" + work.resolve(name)));
        Path log = work.resolve(name + ".log");
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }
}
