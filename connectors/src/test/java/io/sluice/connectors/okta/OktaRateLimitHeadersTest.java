package io.sluice.connectors.okta;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OktaRateLimitHeadersTest {
  private static final Instant NOW = Instant.parse("2024-05-02T20:18:57Z");
  private final OktaRateLimitHeaders parser = new OktaRateLimitHeaders();

  @Test
  void shouldReadResetAsEpochSecondsAndWaitUntilThen() {
    long reset = NOW.getEpochSecond() + 42;

    assertThat(parser.retryAfter(headers("X-Rate-Limit-Reset", Long.toString(reset)), NOW))
        .contains(Duration.ofSeconds(42));
  }

  @Test
  void shouldMatchTheHeaderNameCaseInsensitively() {
    long reset = NOW.getEpochSecond() + 3;

    assertThat(parser.retryAfter(headers("x-rate-limit-reset", Long.toString(reset)), NOW))
        .contains(Duration.ofSeconds(3));
  }

  @Test
  void shouldNotWaitForAResetAlreadyPast() {
    long reset = NOW.getEpochSecond() - 10;

    assertThat(parser.retryAfter(headers("X-Rate-Limit-Reset", Long.toString(reset)), NOW))
        .contains(Duration.ZERO);
  }

  @Test
  void shouldGiveNothingWhenTheHeaderIsMissingOrNotANumber() {
    assertThat(parser.retryAfter(headers("X-Rate-Limit-Remaining", "0"), NOW)).isEmpty();
    assertThat(parser.retryAfter(headers("X-Rate-Limit-Reset", "soon"), NOW)).isEmpty();
  }

  @Test
  void shouldNotMistakeMimecastsMillisecondHeaderForOktas() {
    assertThat(parser.retryAfter(headers("X-RateLimit-Reset", "5000"), NOW)).isEmpty();
  }

  static HttpHeaders headers(String name, String value) {
    return HttpHeaders.of(Map.of(name, List.of(value)), (a, b) -> true);
  }
}
