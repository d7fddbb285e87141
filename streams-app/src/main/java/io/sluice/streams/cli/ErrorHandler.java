package io.sluice.streams.cli;

import io.sluice.streams.config.ConfigException;
import io.sluice.streams.detect.RuleValidationException;
import io.sluice.streams.replay.ReplayInputException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns the errors an operator can fix (bad config, bad rule file, bad replay line) into one clear
 * message and exit code 2, without a stack trace; anything else is a failure (exit 1).
 */
public final class ErrorHandler implements IExecutionExceptionHandler {
  public static final int BAD_INPUT = 2;

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
    if (e instanceof ConfigException
        || e instanceof RuleValidationException
        || e instanceof ReplayInputException) {
      cmd.getErr().println("sluice: " + e.getMessage());
      return BAD_INPUT;
    }
    cmd.getErr().println("sluice: " + e);
    return 1;
  }
}
