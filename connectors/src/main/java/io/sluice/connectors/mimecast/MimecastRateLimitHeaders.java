package io.sluice.connectors.mimecast;

import io.sluice.connectors.http.RateLimitHeaders;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Mimecast: {@code X-RateLimit-Reset} is "the time (in milliseconds) for a request to be added back
 * into the call quota", a duration, not an instant; it may be absent until the limit is hit.
 */
public final class MimecastRateLimitHeaders implements RateLimitHeaders {
  static final String RESET = "X-RateLimit-Reset";

  @Override
  public Optional<Duration> retryAfter(HttpHeaders headers, Instant now) {
    return RateLimitHeaders.parseLong(headers.firstValue(RESET))
        .map(millis -> Duration.ofMillis(Math.max(0, millis)));
  }
}
