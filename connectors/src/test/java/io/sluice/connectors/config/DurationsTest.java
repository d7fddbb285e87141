package io.sluice.connectors.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DurationsTest {
  private static final Instant NOW = Instant.parse("2024-05-15T12:00:00Z");

  @Test
  void shouldParseShortAndIsoDurations() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("14d")).isEqualTo(Duration.ofDays(14));
    assertThat(Durations.parse("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void shouldReadSinceAsRelativeDateOrInstant() {
    assertThat(Durations.since("14d", NOW)).isEqualTo(Instant.parse("2024-05-01T12:00:00Z"));
    assertThat(Durations.since("2024-05-01", NOW)).isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
    assertThat(Durations.since("2024-05-01T08:30:00Z", NOW))
        .isEqualTo(Instant.parse("2024-05-01T08:30:00Z"));
  }

  @Test
  void shouldExplainWhatIsAccepted() {
    assertThatThrownBy(() -> Durations.since("last week", NOW)).hasMessageContaining("14d");
  }
}
