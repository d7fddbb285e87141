package io.sluice.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.schemas.Alert;
import io.sluice.streams.testing.Canonical;
import io.sluice.streams.testing.RuleHarness;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Alert text from hostile vendor data, and the per-rule hourly cap. */
class AlertHygieneTest {
  private static final Instant NOON = Instant.parse("2024-05-02T12:00:00Z");

  @Test
  void shouldStripControlCharactersAndCapLengthInAlertText() {
    String hostile = "evil\r\n2024-05-02 CRITICAL forged line\u0007" + "x".repeat(400);
    List<Rule> rules = new RuleLoader().parseWithBuiltins(Map.of());
    try (RuleHarness harness =
        new RuleHarness(
            rules.stream().filter(r -> r.id().equals("auth.failed-login-burst")).toList())) {
      for (int i = 0; i < 10; i++) {
        harness.send(Canonical.failure(hostile, "203.0.113.9", NOON.plusSeconds(i)));
      }

      Alert alert = harness.alerts(Rule.Area.AUTHENTICATION).get(0);
      assertThat(alert.getTitle())
          .doesNotContain("\r", "\n", "\u0007")
          .hasSizeLessThanOrEqualTo(300);
      assertThat(alert.getEntity().getValue())
          .doesNotContain("\r", "\n")
          .hasSizeLessThanOrEqualTo(256);
      assertThat(harness.ocsf.readValue()).doesNotContain("\\r", "\\n", "\\u0007");
    }
  }

  @Test
  void shouldCapAlertsPerHourAndCountTheExcess() {
    List<Rule> rules =
        new RuleLoader()
            .parseWithBuiltins(
                Map.of(
                    "cap.yaml",
                    "overrides:\n  - id: auth.failed-login-burst\n    max_alerts_per_hour: 2\n"));
    Rule burst =
        rules.stream()
            .filter(r -> r.id().equals("auth.failed-login-burst"))
            .findFirst()
            .orElseThrow();
    try (RuleHarness harness = new RuleHarness(List.of(burst))) {
      for (int user = 0; user < 3; user++) {
        for (int i = 0; i < 10; i++) {
          harness.send(
              Canonical.failure(
                  "user" + user + "@corp.example",
                  "203.0.113.9",
                  NOON.plusSeconds(60L * user + i)));
        }
      }

      assertThat(harness.alerts(Rule.Area.AUTHENTICATION))
          .extracting(a -> a.getEntity().getValue())
          .containsExactly("user0@corp.example", "user1@corp.example");
      assertThat(harness.metrics.count("sluice_alerts_capped", "rule", "auth.failed-login-burst"))
          .isEqualTo(1.0);
    }
  }
}
