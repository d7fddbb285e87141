package io.sluice.connectors.core;

/**
 * The connector cannot go on: the message says why in words an operator can act on, and the exit
 * code (see {@link ExitCodes}) says it to the orchestrator. Never carries a secret.
 */
public final class ConnectorStoppedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  public ConnectorStoppedException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public ConnectorStoppedException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
