package io.sluice.connectors.crowdstrike;

import io.sluice.connectors.http.RateLimitHeaders;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * CrowdStrike: {@code X-Ratelimit-Retryafter} is an epoch time in seconds (CrowdStrike's own
 * psfalcon reads it with {@code FromUnixTimeSeconds} on a 429 and sleeps until then); compared with
 * the response's {@code Date}. A success says only {@code X-Ratelimit-Remaining}, with no reset
 * time, so nothing is read from it.
 */
public final class CrowdStrikeRateLimitHeaders implements RateLimitHeaders {
  static final String RETRY_AFTER = "X-Ratelimit-Retryafter";

  @Override
  public Optional<Duration> retryAfter(HttpHeaders headers, Instant now) {
    return RateLimitHeaders.parseLong(headers.firstValue(RETRY_AFTER))
        .map(epochSeconds -> RateLimitHeaders.untilEpochSeconds(epochSeconds, headers, now));
  }
}
