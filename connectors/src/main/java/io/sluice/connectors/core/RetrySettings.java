package io.sluice.connectors.core;

import java.time.Duration;

/**
 * How the poll loop retries.
 *
 * @param maxAttempts failed polls in a row (retryable or unknown errors, Kafka publish failures)
 *     before the connector gives up with {@link ExitCodes#RETRIES_EXHAUSTED}
 * @param backoff waits between those attempts
 * @param maxRateLimitWait cap on one wait the vendor asks for; rate limits do not use up attempts
 */
public record RetrySettings(int maxAttempts, Backoff backoff, Duration maxRateLimitWait) {
  public RetrySettings {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
  }
}
