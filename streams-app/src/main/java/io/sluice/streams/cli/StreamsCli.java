package io.sluice.streams.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the streams-app jar: {@code sluice streams | replay | topics | rules | vip |
 * identities}.
 */
@Command(
    name = "sluice",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Sluice security-telemetry pipeline: streams app commands.",
    subcommands = {
      StreamsCommand.class,
      ReplayCommand.class,
      TopicsCommand.class,
      RulesCommand.class,
      VipCommand.class,
      SchemasCommand.class,
      IdentitiesCommand.class
    })
public final class StreamsCli {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with Sluice's exit codes: 2 for bad input or config, 1 for failures. */
  public static CommandLine commandLine() {
    CommandLine cli =
        new CommandLine(new StreamsCli()).setExecutionExceptionHandler(new ErrorHandler());
    Version.applyToEverySubcommand(cli);
    return cli;
  }
}
