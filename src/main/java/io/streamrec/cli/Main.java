package io.streamrec.cli;

import io.streamrec.config.ConfigException;
import io.streamrec.scoring.ModelLoadException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code streamrec} command line. */
@Command(name = "streamrec", mixinStandardHelpOptions = true, version = "streamrec 0.1.0",
        description = "Real-time recommendations from click, cart and purchase events on Kafka Streams.",
        subcommands = {
            RunCommand.class,
            DemoCommand.class,
            TopicsCommand.class,
            SimulateCommand.class,
            ProduceCommand.class,
            BrokerCommand.class,
            ChaosCommand.class,
            BenchCommand.class,
            EvalCartCommand.class,
            EvalExplainCommand.class,
            ModelCommand.class,
            EventsCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class Main implements Runnable {

    /** Exit code when the configuration or the model directory is unusable. */
    public static final int EXIT_BAD_SETUP = 2;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new Main()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException || e instanceof ModelLoadException) {
                cmd.getErr().println("streamrec: " + e.getMessage());
                return EXIT_BAD_SETUP;
            }
            throw e;
        });
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
