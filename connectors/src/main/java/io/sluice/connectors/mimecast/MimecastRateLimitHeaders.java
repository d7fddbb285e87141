package io.sluice.connectors.mimecast;

import io.sluice.connectors.http.RateLimitHeaders;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Mimecast: every response carries {@code X-RateLimit-Limit}, {@code X-RateLimit-Remaining} and
 * {@code X-RateLimit-Reset}, "the time (in milliseconds) for a request to be added back into the
 * call quota" — a duration, not an instant, so no clock is involved. The application "should not
 * send a request ... for at least the amount of time defined in the X-RateLimit-Reset response
 * header" once over the limit: after a 429, and after a success that left nothing remaining.
 */
public final class MimecastRateLimitHeaders implements RateLimitHeaders {
  static final String RESET = "X-RateLimit-Reset";
  static final String REMAINING = "X-RateLimit-Remaining";

  @Override
  public Optional<Duration> retryAfter(HttpHeaders headers, Instant now) {
    return RateLimitHeaders.parseLong(headers.firstValue(RESET))
        .map(millis -> Duration.ofMillis(Math.max(0, millis)));
  }

  @Override
  public Optional<Duration> exhausted(HttpHeaders headers, Instant now) {
    return RateLimitHeaders.noneRemaining(headers, REMAINING)
        ? retryAfter(headers, now)
        : Optional.empty();
  }
}
