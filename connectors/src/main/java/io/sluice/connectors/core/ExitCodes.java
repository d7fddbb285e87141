package io.sluice.connectors.core;

/**
 * Process exit codes of {@code sluice connector <name>}, so that an orchestrator (or an operator
 * reading {@code echo $?}) can tell what to do without parsing logs.
 */
public final class ExitCodes {
  /** Stopped on request (SIGTERM, Ctrl-C). */
  public static final int OK = 0;

  /** An unexpected failure (a bug or an unreachable Kafka); restarting may help. */
  public static final int FAILURE = 1;

  /** Bad configuration or a missing secret; fix the config, restarting will not help. */
  public static final int BAD_CONFIG = 2;

  /** The vendor rejected the credentials or their scope (401 after refresh, 403); fix access. */
  public static final int VENDOR_REJECTED = 3;

  /** Another instance with the same connector id took over (Kafka fenced this producer). */
  public static final int FENCED = 4;

  /** The vendor kept failing after the configured number of retries. */
  public static final int RETRIES_EXHAUSTED = 5;

  private ExitCodes() {}
}
