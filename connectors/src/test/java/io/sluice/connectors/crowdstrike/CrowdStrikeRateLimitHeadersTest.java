package io.sluice.connectors.crowdstrike;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CrowdStrikeRateLimitHeadersTest {
  private static final Instant NOW = Instant.parse("2024-05-02T19:00:23Z");
  private final CrowdStrikeRateLimitHeaders parser = new CrowdStrikeRateLimitHeaders();

  @Test
  void shouldReadRetryAfterAsEpochSeconds() {
    String at = Long.toString(NOW.getEpochSecond() + 12);

    assertThat(parser.retryAfter(headers("X-Ratelimit-Retryafter", at), NOW))
        .contains(Duration.ofSeconds(12));
  }

  @Test
  void shouldNotWaitForAnInstantAlreadyPast() {
    String at = Long.toString(NOW.getEpochSecond() - 1);

    assertThat(parser.retryAfter(headers("X-Ratelimit-Retryafter", at), NOW))
        .contains(Duration.ZERO);
  }

  @Test
  void shouldIgnoreTheRemainingCountAndGarbage() {
    assertThat(parser.retryAfter(headers("X-Ratelimit-Remaining", "0"), NOW)).isEmpty();
    assertThat(parser.retryAfter(headers("X-Ratelimit-Retryafter", "n/a"), NOW)).isEmpty();
  }

  private static HttpHeaders headers(String name, String value) {
    return HttpHeaders.of(Map.of(name, List.of(value)), (a, b) -> true);
  }
}
