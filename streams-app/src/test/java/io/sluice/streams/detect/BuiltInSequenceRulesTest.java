package io.sluice.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.schemas.Alert;
import io.sluice.schemas.EmailAction;
import io.sluice.schemas.Severity;
import io.sluice.schemas.Verdict;
import io.sluice.streams.testing.Canonical;
import io.sluice.streams.testing.RuleHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The built-in sequence rules: A, then B for the same user within the rule's time. */
class BuiltInSequenceRulesTest {
  private static final List<Rule> PACK = new RuleLoader().load(Optional.empty());
  private static final Instant NOON = Instant.parse("2024-05-02T12:00:00Z");
  private static final String ANN = "ann@corp.example";

  private static Rule rule(String id) {
    return PACK.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
  }

  @Nested
  class ClickThenLogin {
    private final RuleHarness harness =
        new RuleHarness(List.of(rule("correlated.click-then-login")));

    @AfterEach
    void close() {
      harness.close();
    }

    private void click(Instant t, EmailAction action, boolean vip) {
      harness.send(
          Canonical.click(ANN, "https://bad.example/login", Verdict.MALICIOUS, action, t, vip));
    }

    @Test
    void shouldFireWhenALoginFollowsTheClickWithinAnHour() {
      click(NOON, EmailAction.ALLOWED, false);
      Instant login = NOON.plus(Duration.ofMinutes(40));
      harness.send(Canonical.success(ANN, login));

      List<Alert> alerts = harness.alerts(Rule.Area.CORRELATED);
      assertThat(alerts).hasSize(1);
      Alert alert = alerts.get(0);
      assertThat(alert.getWindowEnd()).isEqualTo(login);
      assertThat(alert.getFirstSeen()).isEqualTo(NOON);
      assertThat(alert.getSources()).containsExactly("mimecast.ttp-url", "okta.system-log");
      assertThat(alert.getEvidence()).hasSize(2);
      assertThat(alert.getAttack()).containsExactly("T1566.002", "T1078");
      assertThat(alert.getSeverity()).isEqualTo(Severity.HIGH);
    }

    @Test
    void shouldNotFireWhenTheLoginPrecedesTheClick() {
      harness.send(Canonical.success(ANN, NOON));
      click(NOON.plus(Duration.ofMinutes(5)), EmailAction.ALLOWED, false);

      assertThat(harness.alerts(Rule.Area.CORRELATED)).isEmpty();
    }

    @Test
    void shouldNotFireWhenTheLoginComesMoreThanAnHourLater() {
      click(NOON, EmailAction.ALLOWED, false);
      harness.send(Canonical.success(ANN, NOON.plus(Duration.ofMinutes(61))));

      assertThat(harness.alerts(Rule.Area.CORRELATED)).isEmpty();
    }

    @Test
    void shouldNotFireForABlockedClick() {
      click(NOON, EmailAction.BLOCKED, false);
      harness.send(Canonical.success(ANN, NOON.plus(Duration.ofMinutes(5))));

      assertThat(harness.alerts(Rule.Area.CORRELATED)).isEmpty();
    }

    @Test
    void shouldFireWhenTheClickArrivesLateButHappenedFirst() {
      harness.send(Canonical.success(ANN, NOON.plus(Duration.ofMinutes(10))));
      click(NOON, EmailAction.ALLOWED, false);

      assertThat(harness.alerts(Rule.Area.CORRELATED))
          .extracting(Alert::getWindowEnd)
          .containsExactly(NOON.plus(Duration.ofMinutes(10)));
    }

    @Test
    void shouldEscalateForAVip() {
      harness.vips.pipeInput(ANN, "{\"title\":\"CFO\"}");
      click(NOON, EmailAction.ALLOWED, false);
      harness.send(Canonical.success(ANN, NOON.plus(Duration.ofMinutes(1))));

      assertThat(harness.alerts(Rule.Area.CORRELATED).get(0).getSeverity())
          .isEqualTo(Severity.CRITICAL);
    }

    @Test
    void shouldRaiseOneAlertForManyLoginsWithinSuppression() {
      click(NOON, EmailAction.ALLOWED, false);
      for (int i = 1; i <= 5; i++) {
        harness.send(Canonical.success(ANN, NOON.plus(Duration.ofMinutes(i))));
      }

      assertThat(harness.alerts(Rule.Area.CORRELATED)).hasSize(1);
    }
  }

  @Nested
  class SuccessAfterFailures {
    private final RuleHarness harness =
        new RuleHarness(List.of(rule("auth.success-after-failures")));

    @AfterEach
    void close() {
      harness.close();
    }

    private void failures(int n, Instant start) {
      for (int i = 0; i < n; i++) {
        harness.send(Canonical.failure(ANN, "203.0.113.9", start.plusSeconds(30L * i)));
      }
    }

    @Test
    void shouldFireOnASuccessAfterFiveFailures() {
      failures(5, NOON);
      Instant success = NOON.plus(Duration.ofMinutes(4));
      harness.send(Canonical.success(ANN, success));

      List<Alert> alerts = harness.alerts(Rule.Area.AUTHENTICATION);
      assertThat(alerts).hasSize(1);
      assertThat(alerts.get(0).getWindowEnd()).isEqualTo(success);
      assertThat(alerts.get(0).getEventCount()).isEqualTo(6);
    }

    @Test
    void shouldNotFireAfterOnlyFourFailures() {
      failures(4, NOON);
      harness.send(Canonical.success(ANN, NOON.plus(Duration.ofMinutes(4))));

      assertThat(harness.alerts(Rule.Area.AUTHENTICATION)).isEmpty();
    }

    @Test
    void shouldNeedTheFailuresFirst() {
      harness.send(Canonical.success(ANN, NOON));
      failures(5, NOON.plusSeconds(10));

      assertThat(harness.alerts(Rule.Area.AUTHENTICATION)).isEmpty();
    }

    @Test
    void shouldNotFireWhenTheSuccessComesTooLate() {
      failures(5, NOON);
      harness.send(
          Canonical.success(ANN, NOON.plus(Duration.ofMinutes(2)).plus(Duration.ofMinutes(11))));

      assertThat(harness.alerts(Rule.Area.AUTHENTICATION)).isEmpty();
    }
  }
}
