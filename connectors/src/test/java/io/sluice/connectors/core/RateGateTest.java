package io.sluice.connectors.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.sandbox.simulators.SimClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rate gate on simulated time: every wait it asks for moves the clock instead of sleeping. */
class RateGateTest {
  private static final Instant T0 = Instant.parse("2024-05-02T20:00:00Z");

  private final SimClock clock = SimClock.at(T0);
  private final List<Duration> waits = new ArrayList<>();
  private final Sleeper sleeper =
      new Sleeper() {
        @Override
        public boolean sleep(Duration duration) {
          waits.add(duration);
          clock.advance(duration);
          return true;
        }

        @Override
        public boolean stopping() {
          return false;
        }

        @Override
        public void stop() {}
      };

  @Test
  void shouldSpreadRequestsEvenlyAtTheClientSidePace() throws Exception {
    RateGate gate = RateGate.of(60, Duration.ofMinutes(1), clock, sleeper, () -> 0.0);

    List<Instant> sent = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      try (RateGate.Turn turn = gate.acquire()) {
        sent.add(clock.instant());
      }
    }

    assertThat(sent).containsExactly(T0, T0.plusSeconds(1), T0.plusSeconds(2));
  }

  @Test
  void shouldLetNoRequestOutBeforeTheVendorsResetHoweverFarAway() throws Exception {
    RateGate gate = new RateGate(Duration.ZERO, clock, sleeper, () -> 1.0);
    gate.block(Duration.ofMinutes(55), "mimecast.audit");

    try (RateGate.Turn turn = gate.acquire()) {
      assertThat(clock.instant())
          .as("the whole 55 minutes plus floor and jitter, never capped")
          .isEqualTo(T0.plus(Duration.ofMinutes(55)).plusMillis(600));
    }
  }

  @Test
  void shouldHoldEveryFeedOfTheApplicationWhenOneOfThemIsBlocked() throws Exception {
    RateGate shared = new RateGate(Duration.ZERO, clock, sleeper, () -> 0.0);
    shared.block(Duration.ofSeconds(30), "mimecast.ttp-url"); // the TTP URL feed got a 429

    shared.awaitUnblocked(); // the audit feed's loop, about to poll
    assertThat(shared.blocked()).isFalse();

    assertThat(clock.instant()).isEqualTo(T0.plusSeconds(30).plusMillis(100));
  }

  @Test
  void shouldKeepTheLongerOfTwoBlocks() throws Exception {
    RateGate gate = new RateGate(Duration.ZERO, clock, sleeper, () -> 0.0);
    gate.block(Duration.ofSeconds(40), "a");
    gate.block(Duration.ofSeconds(5), "b");

    gate.awaitUnblocked();

    assertThat(clock.instant()).isEqualTo(T0.plusSeconds(40).plusMillis(100));
  }
}
