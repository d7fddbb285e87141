package io.sluice.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An operator tunes or disables built-in rules by id, without copying them. */
class RuleOverridesTest {
  private final RuleLoader loader = new RuleLoader();

  private List<Rule> load(String overrides) {
    return loader.parseWithBuiltins(Map.of("/etc/sluice/rules/tuning.yaml", overrides));
  }

  private static Rule byId(List<Rule> rules, String id) {
    return rules.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void shouldShipAllNineBuiltInRules() {
    assertThat(load("overrides: []\n"))
        .extracting(Rule::id)
        .containsExactlyInAnyOrder(
            "auth.failed-login-burst",
            "auth.password-spray",
            "auth.success-after-failures",
            "url.repeat-malicious-click",
            "url.click-campaign",
            "email.vip-impersonation",
            "email.attachment-campaign",
            "dlp.repeat-violations",
            "correlated.click-then-login");
  }

  @Test
  void shouldOverrideNumbersById() {
    List<Rule> rules =
        load(
            "overrides:\n  - id: auth.failed-login-burst\n    threshold: 20\n    window: 15m\n    severity: high\n");

    Rule burst = byId(rules, "auth.failed-login-burst");
    assertThat(burst.threshold()).isEqualTo(20);
    assertThat(burst.window()).isEqualTo(Duration.ofMinutes(15));
    assertThat(burst.severity().name()).isEqualTo("HIGH");
    assertThat(burst.origin()).contains("overridden by /etc/sluice/rules/tuning.yaml");
    assertThat(burst.first().where()).hasSize(2);
  }

  @Test
  void shouldOverrideTheFirstStepOfASequence() {
    Rule rule =
        byId(
            load(
                "overrides:\n  - id: auth.success-after-failures\n    threshold: 8\n    within: 20m\n"),
            "auth.success-after-failures");

    assertThat(rule.first().threshold()).isEqualTo(8);
    assertThat(rule.within()).isEqualTo(Duration.ofMinutes(20));
  }

  @Test
  void shouldDisableARule() {
    assertThat(load("overrides:\n  - id: url.click-campaign\n    enabled: false\n"))
        .extracting(Rule::id)
        .doesNotContain("url.click-campaign")
        .contains("url.repeat-malicious-click");
  }

  @Test
  void shouldRejectAnOverrideOfAnUnknownRule() {
    assertThatThrownBy(() -> load("overrides:\n  - id: auth.nope\n    threshold: 3\n"))
        .hasMessageContaining(
            "/etc/sluice/rules/tuning.yaml: override 'auth.nope': key 'id': no rule with this id");
  }

  @Test
  void shouldRejectOverridingWhatARuleMatches() {
    assertThatThrownBy(
            () ->
                load("overrides:\n  - id: auth.failed-login-burst\n    where: {status: SUCCESS}\n"))
        .hasMessageContaining(
            "override 'auth.failed-login-burst': key 'where': cannot be overridden");
  }

  @Test
  void shouldValidateOverriddenNumbersLikeWrittenOnes() {
    assertThatThrownBy(
            () -> load("overrides:\n  - id: auth.failed-login-burst\n    threshold: 0\n"))
        .hasMessageContaining(
            "rule 'auth.failed-login-burst': key 'threshold': must be at least 1, got 0");
  }

  @Test
  void shouldRejectASequenceWithoutTwoSteps() {
    String text =
        "rules:\n  - id: x.seq\n    name: X\n    type: sequence\n    area: correlated\n    severity: low\n"
            + "    group_by: [user.name]\n    within: 1h\n    steps:\n      - input: authentication\n";
    assertThatThrownBy(() -> loader.parse("seq.yaml", text))
        .hasMessageContaining(
            "seq.yaml: rule 'x.seq': key 'steps': a sequence needs exactly two steps");
  }

  @Test
  void shouldRejectAStepKeyNotAllowedOnTheSecondStep() {
    String text =
        "rules:\n  - id: x.seq\n    name: X\n    type: sequence\n    area: correlated\n    severity: low\n"
            + "    group_by: [user.name]\n    within: 1h\n    steps:\n      - input: authentication\n"
            + "      - input: authentication\n        threshold: 3\n";
    assertThatThrownBy(() -> loader.parse("seq.yaml", text))
        .hasMessageContaining("key 'steps[1].threshold': unknown key");
  }

  @Test
  void shouldRejectAGroupByFieldMissingFromOneStepsClass() {
    String text =
        "rules:\n  - id: x.seq\n    name: X\n    type: sequence\n    area: correlated\n    severity: low\n"
            + "    group_by: [src_ip]\n    within: 1h\n    steps:\n      - input: authentication\n"
            + "      - input: data-security\n";
    assertThatThrownBy(() -> loader.parse("seq.yaml", text))
        .hasMessageContaining("key 'group_by': 'src_ip' is not a field of DataSecurityEvent");
  }
}
