package io.sluice.connectors.core;

/**
 * How the poll loop retries.
 *
 * @param maxAttempts failed polls in a row (retryable or unknown errors, Kafka publish failures)
 *     before the connector gives up with {@link ExitCodes#RETRIES_EXHAUSTED}
 * @param backoff waits between those attempts, and after a rate limit that named no wait
 */
public record RetrySettings(int maxAttempts, Backoff backoff) {
  public RetrySettings {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
  }
}
