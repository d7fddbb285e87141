package io.sluice.connectors.cli;

import io.sluice.connectors.config.ConfigException;
import io.sluice.connectors.core.ConnectorStoppedException;
import io.sluice.connectors.core.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * One line on stderr and the matching exit code: the operator reads what to fix, the orchestrator
 * reads whether a restart can help. No stack trace for the expected stops (they are logged).
 */
final class ErrorHandler implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
    if (e instanceof ConnectorStoppedException) {
      cmd.getErr().println("sluice connector: " + e.getMessage());
      return ((ConnectorStoppedException) e).exitCode();
    }
    if (e instanceof ConfigException) {
      cmd.getErr().println("sluice connector: configuration: " + e.getMessage());
      return ExitCodes.BAD_CONFIG;
    }
    cmd.getErr().println("sluice connector: failed: " + e);
    return ExitCodes.FAILURE;
  }
}
