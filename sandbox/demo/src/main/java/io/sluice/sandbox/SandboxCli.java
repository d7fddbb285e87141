package io.sluice.sandbox;

import io.sluice.streams.cli.ErrorHandler;
import io.sluice.streams.cli.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the sandbox jar: {@code sluice demo}, {@code sandbox} and {@code simulate}. */
@Command(
    name = "sluice",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Sluice sandbox: everything in one process, for trying Sluice out.",
    subcommands = {DemoCommand.class, SandboxCommand.class, SimulateCommand.class})
public final class SandboxCli {

  public static void main(String[] args) {
    DemoLogging.silenceLogbackStatus();
    CommandLine cli =
        new CommandLine(new SandboxCli()).setExecutionExceptionHandler(new ErrorHandler());
    Version.applyToEverySubcommand(cli);
    System.exit(cli.execute(args));
  }
}
