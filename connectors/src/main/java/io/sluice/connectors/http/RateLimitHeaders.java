package io.sluice.connectors.http;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long a vendor asks us to wait, read from its own rate-limit headers in its own units. One
 * implementation per vendor (Mimecast milliseconds, Okta and CrowdStrike epoch seconds, Graph
 * seconds), each unit-tested; a header that is absent or unreadable yields empty, and the poll loop
 * falls back to exponential backoff.
 */
public interface RateLimitHeaders {

  Optional<Duration> retryAfter(HttpHeaders headers, Instant now);

  /** Parses {@code value} as a long, or empty. */
  static Optional<Long> parseLong(Optional<String> value) {
    try {
      return value.map(String::trim).map(Long::parseLong);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The wait until an epoch-seconds instant, never negative. */
  static Duration untilEpochSeconds(long epochSeconds, Instant now) {
    Duration wait = Duration.between(now, Instant.ofEpochSecond(epochSeconds));
    return wait.isNegative() ? Duration.ZERO : wait;
  }
}
