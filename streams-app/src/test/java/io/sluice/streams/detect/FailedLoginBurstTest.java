package io.sluice.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.schemas.Alert;
import io.sluice.schemas.Severity;
import io.sluice.streams.testing.OktaEvents;
import io.sluice.streams.testing.TopologyHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The built-in {@code auth.failed-login-burst} rule (10 failures in 10 minutes per user) run end to
 * end from raw Okta records through the production topology.
 */
class FailedLoginBurstTest {
  private static final List<Rule> RULES = new RuleLoader().load(Optional.empty());
  private static final Instant NOON = Instant.parse("2024-05-02T12:00:00Z");

  private TopologyHarness harness = new TopologyHarness(RULES);

  @AfterEach
  void close() {
    harness.close();
  }

  private void failures(String user, Instant start, Duration step, int count) {
    for (int i = 0; i < count; i++) {
      harness.sendOkta(OktaEvents.failedLogin(user, start.plus(step.multipliedBy(i))));
    }
  }

  @Test
  void shouldNotFireOnNineFailuresWithinTenMinutes() {
    failures("ann@corp.example", NOON, Duration.ofMinutes(1), 9);

    assertThat(harness.authAlerts.isEmpty()).isTrue();
    assertThat(harness.authentication.getQueueSize()).isEqualTo(9);
  }

  @Test
  void shouldFireExactlyOnceOnTheTenthFailure() {
    failures("ann@corp.example", NOON, Duration.ofMinutes(1), 9);
    assertThat(harness.authAlerts.isEmpty()).isTrue();

    harness.sendOkta(OktaEvents.failedLogin("ann@corp.example", NOON.plus(Duration.ofMinutes(9))));

    List<TestRecord<String, Alert>> alerts = harness.authAlerts.readRecordsToList();
    assertThat(alerts).hasSize(1);
    Alert alert = alerts.get(0).value();
    assertThat(alerts.get(0).key()).isEqualTo("ann@corp.example");
    assertThat(alert.getRule().getId()).isEqualTo("auth.failed-login-burst");
    assertThat(alert.getWindowEnd()).isEqualTo(NOON.plus(Duration.ofMinutes(9)));
    assertThat(alert.getFirstSeen()).isEqualTo(NOON);
    assertThat(alert.getEventCount()).isEqualTo(10);
    assertThat(alert.getEntity().getType()).isEqualTo("user.name");
    assertThat(alert.getEntity().getValue()).isEqualTo("ann@corp.example");
    assertThat(alert.getSeverity()).isEqualTo(Severity.MEDIUM);
    assertThat(alert.getAttack()).containsExactly("T1110.001");
    assertThat(alert.getSources()).containsExactly("okta.system-log");
    assertThat(alert.getEvidence()).hasSize(10);
    assertThat(alert.getEvidence().get(9).getRawRef().getTopic()).isEqualTo("raw.okta.system-log");
    assertThat(alert.getAlertId())
        .hasSize(32)
        .isEqualTo(
            AlertFactory.alertId(
                "auth.failed-login-burst",
                "ann@corp.example",
                alert.getWindowEnd().toEpochMilli()));
    assertThat(alerts.get(0).getRecordTime()).isEqualTo(alert.getWindowEnd());
  }

  @Test
  void shouldNotFireWhenTenFailuresSpreadOverElevenMinutes() {
    // 0, 1m13s, ... 10m57s: the 10th is more than 10 minutes after the 1st
    failures("ann@corp.example", NOON, Duration.ofSeconds(73), 10);

    assertThat(harness.authAlerts.isEmpty()).isTrue();
  }

  @Test
  void shouldFireOnABurstStraddlingATenMinuteClockBoundary() {
    // 12:05 .. 12:14: a tumbling 10-minute window would split it 5 + 5
    failures("ann@corp.example", NOON.plus(Duration.ofMinutes(5)), Duration.ofMinutes(1), 10);

    List<Alert> alerts = harness.authAlerts.readValuesToList();
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).getWindowEnd()).isEqualTo(Instant.parse("2024-05-02T12:14:00Z"));
  }

  @Test
  void shouldRaiseOneAlertForThirtyFailuresWithinTheSuppressionPeriod() {
    failures("ann@corp.example", NOON, Duration.ofSeconds(15), 30); // 7m15s in all

    assertThat(harness.authAlerts.readValuesToList()).hasSize(1);
  }

  @Test
  void shouldRaiseANewAlertOnceSuppressionHasPassed() {
    failures("ann@corp.example", NOON, Duration.ofSeconds(30), 10); // alert at 12:04:30
    failures("ann@corp.example", NOON.plus(Duration.ofMinutes(15)), Duration.ofSeconds(30), 10);

    List<Alert> alerts = harness.authAlerts.readValuesToList();
    assertThat(alerts)
        .extracting(Alert::getWindowEnd)
        .containsExactly(
            Instant.parse("2024-05-02T12:04:30Z"), Instant.parse("2024-05-02T12:19:30Z"));
  }

  @Test
  void shouldCountUsersSeparately() {
    for (int i = 0; i < 10; i++) {
      String user = i % 2 == 0 ? "ann@corp.example" : "bob@corp.example";
      harness.sendOkta(OktaEvents.failedLogin(user, NOON.plus(Duration.ofSeconds(10L * i))));
    }

    assertThat(harness.authAlerts.isEmpty()).isTrue();
  }

  @Test
  void shouldMeetUnderOneKeyWhateverTheCaseOfTheLogin() {
    for (int i = 0; i < 10; i++) {
      String user = i % 2 == 0 ? "Ann@Corp.Example" : "ann@corp.example";
      harness.sendOkta(OktaEvents.failedLogin(user, NOON.plus(Duration.ofSeconds(10L * i))));
    }

    assertThat(harness.authAlerts.readKeyValuesToList())
        .singleElement()
        .satisfies(kv -> assertThat(kv.key).isEqualTo("ann@corp.example"));
  }

  @Test
  void shouldIgnoreSuccessfulLogins() {
    for (int i = 0; i < 12; i++) {
      harness.sendOkta(
          OktaEvents.successfulLogin("ann@corp.example", NOON.plus(Duration.ofSeconds(10L * i))));
    }

    assertThat(harness.authAlerts.isEmpty()).isTrue();
  }

  @Test
  void shouldGiveIdenticalAlertIdsWhenTheSameInputIsReplayed() {
    List<String> first = runScenario();
    harness.close();
    harness = new TopologyHarness(RULES);
    List<String> second = runScenario();

    assertThat(first).hasSize(2).isEqualTo(second);
  }

  @Test
  void shouldGiveTheSameAlertIdWhenEventsBeforeTheCrossingArriveShuffled() {
    List<Instant> times = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      times.add(NOON.plus(Duration.ofSeconds(40L * i)));
    }
    java.util.Collections.shuffle(times, new java.util.Random(7));
    times.forEach(t -> harness.sendOkta(OktaEvents.failedLogin("ann@corp.example", t)));
    harness.sendOkta(OktaEvents.failedLogin("ann@corp.example", NOON.plus(Duration.ofMinutes(6))));

    Alert alert = harness.authAlerts.readValue();
    assertThat(alert.getWindowEnd()).isEqualTo(NOON.plus(Duration.ofMinutes(6)));
    assertThat(alert.getAlertId())
        .isEqualTo(
            AlertFactory.alertId(
                "auth.failed-login-burst",
                "ann@corp.example",
                NOON.plus(Duration.ofMinutes(6)).toEpochMilli()));
  }

  @Test
  void shouldCountAnOutOfOrderEventWithinGrace() {
    // stream time runs to 12:40 through another user; ann's 10th failure arrives 30 min late
    failures("ann@corp.example", NOON, Duration.ofSeconds(30), 9);
    harness.sendOkta(OktaEvents.failedLogin("zed@corp.example", NOON.plus(Duration.ofMinutes(40))));
    harness.sendOkta(OktaEvents.failedLogin("ann@corp.example", NOON.plus(Duration.ofMinutes(5))));

    assertThat(harness.authAlerts.readValuesToList()).hasSize(1);
  }

  @Test
  void shouldIgnoreAndCountAnEventBeyondGrace() {
    // ann's own Okta clock runs to 14:00, so her 12:05 failure is more than 1 h (grace) late
    failures("ann@corp.example", NOON, Duration.ofSeconds(30), 9);
    harness.sendOkta(OktaEvents.failedLogin("ann@corp.example", NOON.plus(Duration.ofHours(2))));
    harness.sendOkta(OktaEvents.failedLogin("ann@corp.example", NOON.plus(Duration.ofMinutes(5))));

    assertThat(harness.authAlerts.isEmpty()).isTrue();
    assertThat(harness.metrics.count("sluice_late_events", "rule", "auth.failed-login-burst"))
        .isEqualTo(1.0);
  }

  @Test
  void shouldLetAnEmittedAlertStandWhenALateEventWouldHaveCrossedEarlier() {
    // 10 failures 12:20..12:24:30 fire at 12:24:30; then 9 older failures arrive (within grace)
    // that, with one more, would have crossed at 12:09. The emitted alert stands, no second one.
    failures("ann@corp.example", NOON.plus(Duration.ofMinutes(20)), Duration.ofSeconds(30), 10);
    failures("ann@corp.example", NOON, Duration.ofMinutes(1), 10);

    List<Alert> alerts = harness.authAlerts.readValuesToList();
    assertThat(alerts)
        .extracting(Alert::getWindowEnd)
        .containsExactly(Instant.parse("2024-05-02T12:24:30Z"));
  }

  private List<String> runScenario() {
    failures("ann@corp.example", NOON, Duration.ofSeconds(20), 12);
    failures("bob@corp.example", NOON.plus(Duration.ofMinutes(3)), Duration.ofSeconds(50), 10);
    return harness.authAlerts.readValuesToList().stream().map(Alert::getAlertId).toList();
  }
}
