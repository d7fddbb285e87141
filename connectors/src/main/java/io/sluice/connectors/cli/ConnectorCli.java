package io.sluice.connectors.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the connectors jar: {@code java -jar sluice-connectors.jar connector <name> ...}
 * (what {@code ./sluice connector <name>} runs). Exit codes are {@link
 * io.sluice.connectors.core.ExitCodes}.
 */
@Command(
    name = "sluice",
    mixinStandardHelpOptions = true,
    description = "Sluice polling connectors: vendor API → raw.<vendor>.<feed> topics.",
    subcommands = {ConnectorCommand.class})
public final class ConnectorCli {

  public static void main(String[] args) {
    System.exit(commandLine(System.getenv()).execute(args));
  }

  /**
   * The command line, reading {@code SLUICE_*} settings and secrets from {@code env} (tests pass
   * their own instead of the process environment).
   */
  public static CommandLine commandLine(Map<String, String> env) {
    CommandLine.IFactory factory =
        new CommandLine.IFactory() {
          @Override
          public <K> K create(Class<K> type) throws Exception {
            if (type == ConnectorCommand.class) {
              return type.cast(new ConnectorCommand(env));
            }
            return CommandLine.defaultFactory().create(type);
          }
        };
    CommandLine cli =
        new CommandLine(new ConnectorCli(), factory)
            .setExecutionExceptionHandler(new ErrorHandler());
    applyVersion(cli);
    return cli;
  }

  /** {@code --version} on every command prints the build version from the jar manifest. */
  private static void applyVersion(CommandLine cli) {
    cli.getCommandSpec().versionProvider(ConnectorCli::version);
    cli.getSubcommands().values().forEach(ConnectorCli::applyVersion);
  }

  static String[] version() {
    String version = ConnectorCli.class.getPackage().getImplementationVersion();
    return new String[] {"sluice connectors " + (version == null ? "dev" : version)};
  }
}
