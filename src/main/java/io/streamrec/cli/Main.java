package io.streamrec.cli;

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
            ModelCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
