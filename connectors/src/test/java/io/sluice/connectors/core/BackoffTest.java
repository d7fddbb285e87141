package io.sluice.connectors.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void shouldDoubleTheNominalWaitUpToTheMaximum() {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.0);

    assertThat(backoff.nominalMillis(1)).isEqualTo(1_000);
    assertThat(backoff.nominalMillis(2)).isEqualTo(2_000);
    assertThat(backoff.nominalMillis(6)).isEqualTo(32_000);
    assertThat(backoff.nominalMillis(7)).isEqualTo(60_000);
    assertThat(backoff.nominalMillis(500)).isEqualTo(60_000);
  }

  @Test
  void shouldJitterBetweenHalfAndAllOfTheNominalWait() {
    Backoff low = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.0);
    Backoff high = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.999999);

    assertThat(low.delay(3)).isEqualTo(Duration.ofMillis(2_000));
    assertThat(high.delay(3)).isBetween(Duration.ofMillis(3_990), Duration.ofMillis(4_000));
  }
}
