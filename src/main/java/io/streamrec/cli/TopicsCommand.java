package io.streamrec.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code streamrec topics}: groups the topic-management subcommands. */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Manages the external topics declared in topics/topics.yaml.",
        subcommands = TopicsApplyCommand.class)
public class TopicsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand (try: topics apply)");
    }
}
