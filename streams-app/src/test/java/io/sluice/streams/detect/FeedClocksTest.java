package io.sluice.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.schemas.Alert;
import io.sluice.schemas.AuthStatus;
import io.sluice.schemas.EmailAction;
import io.sluice.schemas.Verdict;
import io.sluice.streams.testing.Canonical;
import io.sluice.streams.testing.RuleHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Time is judged per feed and key (docs/rules.md, "Time"): feeds that arrive hours apart, a
 * backfill while the others run live, and sequences whose steps come from feeds out of step, all
 * through the production topology with the built-in pack.
 */
class FeedClocksTest {
  private static final List<Rule> PACK = new RuleLoader().load(Optional.empty());
  private static final Instant NOON = Instant.parse("2024-05-02T12:00:00Z");
  private static final String ANN = "ann@corp.example";

  private final RuleHarness harness = new RuleHarness(PACK);

  @AfterEach
  void close() {
    harness.close();
  }

  private void failures(String source, String user, Instant start, Duration step, int n) {
    for (int i = 0; i < n; i++) {
      harness.send(
          Canonical.login(
              source,
              user,
              "203.0.113.9",
              AuthStatus.FAILURE,
              start.plus(step.multipliedBy(i)),
              false));
    }
  }

  /** Live Okta traffic of other users up to {@code until}: the Okta clock runs ahead. */
  private void liveOktaUntil(Instant until) {
    for (Instant t = NOON; !t.isAfter(until); t = t.plus(Duration.ofMinutes(10))) {
      harness.send(Canonical.success("zed" + t.getEpochSecond() % 7 + "@corp.example", t));
    }
  }

  private List<Alert> bursts() {
    return harness.alerts(Rule.Area.AUTHENTICATION).stream()
        .filter(a -> a.getRule().getId().equals("auth.failed-login-burst"))
        .toList();
  }

  @Test
  void shouldFireOnAFeedFiveHoursBehindAnother() {
    liveOktaUntil(NOON.plus(Duration.ofHours(5)));

    // Entra's sign-ins of noon arrive now, five hours behind Okta
    failures("entra.signins", ANN, NOON, Duration.ofSeconds(30), 10);

    assertThat(bursts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getWindowEnd()).isEqualTo(NOON.plusSeconds(270));
              assertThat(a.getSources()).containsExactly("entra.signins");
            });
  }

  @Test
  void shouldFireOnABurstSplitBetweenLiveOktaFailuresAndTheSameUsersEntraFailuresHoursLater() {
    failures("okta.system-log", ANN, NOON, Duration.ofSeconds(30), 5); // 12:00 .. 12:02, live
    liveOktaUntil(NOON.plus(Duration.ofHours(5)));
    harness.send(Canonical.success(ANN, NOON.plus(Duration.ofHours(5)))); // ann's Okta clock: 17:00
    assertThat(bursts()).isEmpty();

    // the rest of the burst, from Entra, five hours late
    failures("entra.signins", ANN, NOON.plusSeconds(150), Duration.ofSeconds(30), 5);

    assertThat(bursts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getWindowEnd()).isEqualTo(NOON.plusSeconds(270));
              assertThat(a.getEventCount()).isEqualTo(10);
              assertThat(a.getSources()).containsExactly("entra.signins", "okta.system-log");
            });
  }

  @Test
  void shouldDetectInABackfillOfFourteenDaysWhileTheOtherFeedsAreLive() {
    liveOktaUntil(NOON.plus(Duration.ofHours(6)));
    Instant twoWeeksAgo = NOON.minus(Duration.ofDays(14));

    failures("entra.signins", ANN, twoWeeksAgo, Duration.ofSeconds(20), 10);
    failures(
        "entra.signins",
        "bob@corp.example",
        twoWeeksAgo.plus(Duration.ofDays(3)),
        Duration.ofSeconds(20),
        10);

    assertThat(bursts())
        .extracting(a -> a.getEntity().getValue(), Alert::getWindowEnd)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(ANN, twoWeeksAgo.plusSeconds(180)),
            org.assertj.core.groups.Tuple.tuple(
                "bob@corp.example", twoWeeksAgo.plus(Duration.ofDays(3)).plusSeconds(180)));
  }

  @Test
  void shouldNotCountAnEventLateWithinItsOwnFeedAndKeyBeyondGrace() {
    failures("entra.signins", ANN, NOON, Duration.ofSeconds(30), 9);
    // ann's own Entra clock moves two hours on: her 12:05 failure is beyond the 1 h grace
    harness.send(
        Canonical.login(
            "entra.signins",
            ANN,
            "203.0.113.9",
            AuthStatus.SUCCESS,
            NOON.plus(Duration.ofHours(2)),
            false));
    failures("entra.signins", ANN, NOON.plusSeconds(300), Duration.ZERO, 1);

    assertThat(bursts()).isEmpty();
    assertThat(
            harness.metrics.count(
                "sluice_late_events", "rule", "auth.failed-login-burst", "source", "entra.signins"))
        .isEqualTo(1.0);
  }

  @Test
  void shouldCountTheSameLateEventFromAnotherFeedWhoseClockIsBehind() {
    // the twin of the test above: the same 10th failure, from Okta, whose clock for ann is not
    // ahead
    failures("entra.signins", ANN, NOON, Duration.ofSeconds(30), 9);
    harness.send(
        Canonical.login(
            "entra.signins",
            ANN,
            "203.0.113.9",
            AuthStatus.SUCCESS,
            NOON.plus(Duration.ofHours(2)),
            false));
    failures("okta.system-log", ANN, NOON.plusSeconds(300), Duration.ZERO, 1);

    assertThat(bursts()).extracting(Alert::getWindowEnd).containsExactly(NOON.plusSeconds(300));
  }

  @Test
  void shouldPairAClickFromAFeedThreeHoursBehindWithTheLoginThatFollowedIt() {
    Instant login = NOON.plus(Duration.ofMinutes(20));
    harness.send(Canonical.success(ANN, login));
    liveOktaUntil(NOON.plus(Duration.ofHours(3)));
    harness.send(Canonical.success(ANN, NOON.plus(Duration.ofHours(3)))); // ann's Okta clock: 15:00

    // Mimecast's click log of 12:00 arrives three hours late
    harness.send(
        Canonical.click(
            ANN, "https://bad.example/login", Verdict.MALICIOUS, EmailAction.ALLOWED, NOON, false));

    assertThat(harness.alerts(Rule.Area.CORRELATED))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getRule().getId()).isEqualTo("correlated.click-then-login");
              assertThat(a.getWindowEnd()).isEqualTo(login);
              assertThat(a.getSources()).containsExactly("mimecast.ttp-url", "okta.system-log");
            });
  }
}
