package io.streamrec.cli;

import io.streamrec.config.StreamrecConfig;
import io.streamrec.kafka.KafkaClients;
import io.streamrec.tools.models.EventExport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The event topics as training data. */
@Command(name = "events", mixinStandardHelpOptions = true, description = "Read the event topics.",
        subcommands = {EventsCommand.Export.class})
public final class EventsCommand {

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write the events of the last --since to a JSON Lines file in model-export's events "
                    + "format ({\"user\",\"item\",\"type\",\"ts\"}): the data of a retrain.")
    static final class Export implements Callable<Integer> {
        @Option(names = "--since", converter = DurationConverter.class, defaultValue = "7d",
                description = "How far back, by record timestamp (default ${DEFAULT-VALUE})")
        Duration since;

        @Option(names = "--out", required = true, description = "Output file")
        Path out;

        @Mixin
        ConfigOptions configOptions;

        @Override
        public Integer call() throws Exception {
            StreamrecConfig config = configOptions.load();
            EventExport.Result result = EventExport.export(KafkaClients.of(config),
                    System.currentTimeMillis() - since.toMillis(), out);
            System.out.printf("events: %d written to %s, %d invalid skipped%n", result.written(), out,
                    result.skipped());
            return result.written() > 0 ? 0 : 1;
        }
    }
}
