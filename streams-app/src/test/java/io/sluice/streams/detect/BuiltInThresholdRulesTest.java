package io.sluice.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.schemas.Alert;
import io.sluice.schemas.AuthStatus;
import io.sluice.schemas.DlpAction;
import io.sluice.schemas.EmailAction;
import io.sluice.schemas.Severity;
import io.sluice.schemas.Verdict;
import io.sluice.streams.testing.Canonical;
import io.sluice.streams.testing.RuleHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every built-in threshold rule, with its shipped numbers, through the production topology: the
 * same semantic checks for each (threshold, sliding window, suppression, grace, VIP escalation,
 * distinct counting).
 */
class BuiltInThresholdRulesTest {
  private static final List<Rule> PACK = new RuleLoader().load(Optional.empty());
  private static final Instant NOON = Instant.parse("2024-05-02T12:00:00Z");

  /** Builds an event matching the rule: group key, distinct value, time, VIP flag. */
  interface Matching {
    SpecificRecord event(String group, String distinct, Instant time, boolean vip);
  }

  record Case(String ruleId, Matching matching) {
    Rule rule() {
      return PACK.stream().filter(r -> r.id().equals(ruleId)).findFirst().orElseThrow();
    }

    @Override
    public String toString() {
      return ruleId;
    }
  }

  static Stream<Case> rules() {
    return Stream.of(
        new Case(
            "auth.failed-login-burst",
            (group, distinct, t, vip) ->
                Canonical.login(
                    "okta.system-log", group, "203.0.113.9", AuthStatus.FAILURE, t, vip)),
        new Case(
            "auth.password-spray",
            (group, distinct, t, vip) ->
                Canonical.login("entra.signins", distinct, group, AuthStatus.FAILURE, t, vip)),
        new Case(
            "url.repeat-malicious-click",
            (group, distinct, t, vip) ->
                Canonical.click(
                    group,
                    "https://bad.example/" + distinct,
                    Verdict.MALICIOUS,
                    EmailAction.BLOCKED,
                    t,
                    vip)),
        new Case(
            "url.click-campaign",
            (group, distinct, t, vip) ->
                Canonical.click(distinct, group, Verdict.MALICIOUS, EmailAction.WARNED, t, vip)),
        new Case(
            "email.vip-impersonation",
            (group, distinct, t, vip) -> Canonical.impersonation(group, t, true)),
        new Case(
            "email.attachment-campaign",
            (group, distinct, t, vip) ->
                Canonical.attachment(distinct, group, Verdict.MALICIOUS, t, vip)),
        new Case(
            "dlp.repeat-violations",
            (group, distinct, t, vip) -> Canonical.dlp(group, DlpAction.HELD, t, vip)));
  }

  private RuleHarness harness;

  @AfterEach
  void close() {
    if (harness != null) {
      harness.close();
    }
  }

  private RuleHarness start(Case c) {
    harness = new RuleHarness(List.of(c.rule()));
    if (c.ruleId().equals("email.vip-impersonation")) {
      // the rule counts impersonations of VIPs: the recipient is on the VIP list
      harness.vips.pipeInput(group(c), "{\"title\":\"CEO\"}");
    }
    return harness;
  }

  private static String group(Case c) {
    return switch (c.ruleId()) {
      case "auth.password-spray" -> "203.0.113.66";
      case "url.click-campaign" -> "https://bad.example/login";
      case "email.attachment-campaign" ->
          "b26a8f4c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f70";
      default -> "ann@corp.example";
    };
  }

  /**
   * Sends n matching events for the group, spread evenly over the span so that the last is at its
   * end, with distinct values user{from}..user{from+n-1}.
   */
  private void send(Case c, int from, int n, Instant start, Duration span, boolean vip) {
    for (int i = 0; i < n; i++) {
      Instant t = n == 1 ? start.plus(span) : start.plus(span.multipliedBy(i).dividedBy(n - 1));
      harness.send(c.matching().event(group(c), "user" + (from + i) + "@corp.example", t, vip));
    }
  }

  private static Duration inside(Rule rule) {
    return rule.window().multipliedBy(9).dividedBy(10);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void shouldFireExactlyAtTheThresholdAndNotOneBelow(Case c) {
    Rule rule = c.rule();
    start(c);
    int below = rule.threshold() - 1;
    send(c, 0, below, NOON, inside(rule), false);
    assertThat(harness.allAlerts()).as("%d of %d", below, rule.threshold()).isEmpty();

    Instant crossing = NOON.plus(inside(rule));
    harness.send(c.matching().event(group(c), "user-last@corp.example", crossing, false));

    List<Alert> alerts = harness.alerts(rule.area());
    assertThat(alerts).hasSize(1);
    Alert alert = alerts.get(0);
    assertThat(alert.getRule().getId()).isEqualTo(rule.id());
    assertThat(alert.getWindowEnd()).isEqualTo(crossing);
    assertThat(alert.getEntity().getValue()).isEqualTo(group(c));
    assertThat(alert.getAttack()).isEqualTo(rule.attack());
    assertThat(alert.getSeverity()).isEqualTo(rule.severity());
    assertThat(alert.getEvidence()).hasSizeLessThanOrEqualTo(10).isNotEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void shouldFireOnABurstStraddlingATumblingWindowBoundary(Case c) {
    Rule rule = c.rule();
    start(c);
    // a tumbling window would cut at NOON + window; the burst runs either side of it
    Instant from = NOON.plus(rule.window().dividedBy(2));
    send(c, 0, rule.threshold(), from, inside(rule), false);

    assertThat(harness.alerts(rule.area())).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void shouldHoldSuppressionForItsPeriodThenAlertAgain(Case c) {
    Rule rule = c.rule();
    start(c);
    send(c, 0, rule.threshold(), NOON, inside(rule), false);
    Instant firstEnd = NOON.plus(inside(rule));
    // a second full burst inside the suppression period
    send(c, 100, rule.threshold(), firstEnd.plusMillis(1), rule.suppress().dividedBy(2), false);
    assertThat(harness.alerts(rule.area())).hasSize(1);

    Instant after = firstEnd.plus(rule.suppress()).plus(rule.window());
    send(c, 200, rule.threshold(), after, inside(rule), false);

    assertThat(harness.alerts(rule.area()))
        .extracting(Alert::getWindowEnd)
        .containsExactly(after.plus(inside(rule)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void shouldCountAnOutOfOrderEventWithinGrace(Case c) {
    Rule rule = c.rule();
    start(c);
    Instant end = NOON.plus(inside(rule));
    send(c, 0, rule.threshold() - 1, NOON, inside(rule), false);
    // stream time moves on by half the grace through another group...
    harness.send(
        c.matching()
            .event(
                "other-" + group(c), "x@corp.example", end.plus(rule.grace().dividedBy(2)), false));
    // ...then the missing event arrives, older than stream time but within grace
    harness.send(c.matching().event(group(c), "late@corp.example", end.minusSeconds(1), false));

    assertThat(harness.alerts(rule.area()))
        .filteredOn(a -> a.getEntity().getValue().equals(group(c)))
        .extracting(Alert::getWindowEnd)
        .containsExactly(rule.threshold() == 1 ? end.minusSeconds(1) : end);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void shouldIgnoreAndCountAnEventBeyondGrace(Case c) {
    Rule rule = c.rule();
    start(c);
    // lateness is judged by the group's own feed: its newest event is well past the window and
    // the grace of the events before it, and alone in its own window
    Instant newest = NOON.plus(inside(rule)).plus(rule.window()).plus(rule.grace());
    if (rule.threshold() == 1) {
      harness.send(c.matching().event(group(c), "x@corp.example", newest, false));
      assertThat(harness.alerts(rule.area())).hasSize(1); // the newest fires on its own
    } else {
      send(
          c,
          0,
          rule.threshold() - 1,
          NOON.plus(Duration.ofSeconds(1)),
          inside(rule).minusSeconds(1),
          false);
      harness.send(c.matching().event(group(c), "x@corp.example", newest, false));
    }

    harness.send(c.matching().event(group(c), "late@corp.example", NOON, false));

    assertThat(harness.alerts(rule.area()))
        .noneMatch(a -> a.getEntity().getValue().equals(group(c)));
    assertThat(harness.metrics.count("sluice_late_events", "rule", rule.id())).isEqualTo(1.0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void shouldEscalateSeverityForVips(Case c) {
    Rule rule = c.rule();
    start(c);
    // VIP status is read when the rule decides: the users are listed, not flagged in the events
    for (int i = 0; i < rule.threshold(); i++) {
      harness.vips.pipeInput("user" + i + "@corp.example", "{\"title\":\"Board\"}");
    }
    harness.vips.pipeInput(group(c), "{\"title\":\"Board\"}");
    send(c, 0, rule.threshold(), NOON, inside(rule), false);

    Alert alert = harness.alerts(rule.area()).get(0);
    assertThat(alert.getVip()).isTrue();
    assertThat(alert.getSeverity()).isEqualTo(rule.severityVip().orElse(rule.severity()));
  }

  /** Rules that escalate for a VIP user entity (the VIP impersonation rule needs one to match). */
  static Stream<Case> userRulesWithVipSeverity() {
    return rules()
        .filter(c -> c.rule().severityVip().isPresent() && !c.ruleId().contains("vip"))
        .filter(c -> c.rule().groupsByRecordKey());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("userRulesWithVipSeverity")
  void shouldEscalateForAVipAddedAfterTheEventsWereNormalised(Case c) {
    Rule rule = c.rule();
    start(c);
    send(c, 0, rule.threshold(), NOON, inside(rule), false);
    assertThat(harness.alerts(rule.area()).get(0).getSeverity()).isEqualTo(rule.severity());

    harness.vips.pipeInput(group(c), "{\"title\":\"Board\"}");
    send(
        c,
        200,
        rule.threshold(),
        NOON.plus(rule.suppress()).plus(rule.window()),
        inside(rule),
        false);

    Alert escalated = harness.alerts(rule.area()).get(0);
    assertThat(escalated.getVip()).isTrue();
    assertThat(escalated.getSeverity()).isEqualTo(rule.severityVip().get());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void shouldPublishEveryAlertAsOcsfJsonToo(Case c) {
    Rule rule = c.rule();
    start(c);
    send(c, 0, rule.threshold(), NOON, inside(rule), false);

    Alert alert = harness.alerts(rule.area()).get(0);
    String json = harness.ocsf.readValue();
    assertThat(json)
        .contains("\"uid\":\"" + alert.getAlertId() + "\"")
        .contains("\"class_uid\":2004");
  }

  @org.junit.jupiter.api.Test
  void distinctRulesCountDistinctValuesNotEvents() {
    Case spray =
        rules().filter(c -> c.ruleId().equals("auth.password-spray")).findFirst().orElseThrow();
    start(spray);
    // ten failures of ONE user from one IP: a burst, not a spray
    for (int i = 0; i < 10; i++) {
      harness.send(Canonical.failure("ann@corp.example", "203.0.113.66", NOON.plusSeconds(i)));
    }
    assertThat(harness.alerts(Rule.Area.AUTHENTICATION)).isEmpty();

    for (int i = 1; i < 10; i++) {
      harness.send(
          Canonical.failure(
              "user" + i + "@corp.example", "203.0.113.66", NOON.plusSeconds(20 + i)));
    }
    Alert alert = harness.alerts(Rule.Area.AUTHENTICATION).get(0);
    assertThat(alert.getDistinctCount()).isEqualTo(10);
    assertThat(alert.getEventCount()).isEqualTo(19);
    assertThat(alert.getEntity().getType()).isEqualTo("src_ip");
    assertThat(alert.getSeverity()).isEqualTo(Severity.HIGH);
  }

  @org.junit.jupiter.api.Test
  void shouldNameEveryFeedThatContributedToABurst() {
    Case burst =
        rules().filter(c -> c.ruleId().equals("auth.failed-login-burst")).findFirst().orElseThrow();
    start(burst);
    for (int i = 0; i < 10; i++) {
      String source = i % 2 == 0 ? "okta.system-log" : "entra.signins";
      harness.send(
          Canonical.login(
              source,
              "ann@corp.example",
              "203.0.113.9",
              AuthStatus.FAILURE,
              NOON.plusSeconds(i),
              false));
    }

    assertThat(harness.alerts(Rule.Area.AUTHENTICATION).get(0).getSources())
        .containsExactly("entra.signins", "okta.system-log");
  }
}
