package io.sluice.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.schemas.Severity;
import io.sluice.streams.canonical.CanonicalClass;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleLoaderTest {
  private final RuleLoader loader = new RuleLoader();

  private static final String VALID =
      """
      rules:
        - id: auth.test-burst
          name: Test burst
          type: threshold
          input: authentication
          area: authentication
          severity: low
          where:
            status: FAILURE
            activity: [LOGON, MFA]
            user.vip: {not: true}
            src_ip: {present: true}
          group_by: [user.name]
          count: events
          threshold: 3
          window: 5m
      """;

  @Test
  void shouldLoadTheBuiltInPack() {
    List<Rule> rules = loader.load(Optional.empty());

    assertThat(rules).extracting(Rule::id).contains("auth.failed-login-burst");
    Rule burst =
        rules.stream()
            .filter(r -> r.id().equals("auth.failed-login-burst"))
            .findFirst()
            .orElseThrow();
    assertThat(burst.threshold()).isEqualTo(10);
    assertThat(burst.window()).isEqualTo(Duration.ofMinutes(10));
    assertThat(burst.suppress()).isEqualTo(Duration.ofMinutes(10));
    assertThat(burst.grace()).isEqualTo(Duration.ofHours(1));
    assertThat(burst.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(burst.severityVip()).contains(Severity.HIGH);
    assertThat(burst.input()).isEqualTo(CanonicalClass.AUTHENTICATION);
    assertThat(burst.groupsByRecordKey()).isTrue();
  }

  @Test
  void shouldParseEveryKindOfWhereTestAndApplyDefaults() {
    Rule rule = loader.parse("test.yaml", VALID).get(0);

    assertThat(rule.first().where()).hasSize(4);
    assertThat(rule.suppress()).isEqualTo(rule.window());
    assertThat(rule.grace()).isEqualTo(Duration.ofHours(1));
    assertThat(rule.version()).isEqualTo(1);
    assertThat(rule.maxAlertsPerHour()).isEmpty();
  }

  @Test
  void shouldAddOperatorRulesFromADirectory(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("mine.yaml"), VALID);

    assertThat(loader.load(Optional.of(dir)))
        .extracting(Rule::id)
        .contains("auth.failed-login-burst", "auth.test-burst");
  }

  @Test
  void shouldRejectAnUnknownKeyNamingFileRuleAndKey() {
    assertProblem(
        VALID.replace("window: 5m", "window: 5m\n    windw: 6m"),
        "bad.yaml: rule 'auth.test-burst': key 'windw': unknown key");
  }

  @Test
  void shouldRejectAnUnknownCanonicalFieldInWhere() {
    assertProblem(
        VALID.replace("status: FAILURE", "stauts: FAILURE"),
        "bad.yaml: rule 'auth.test-burst': key 'where.stauts': 'stauts' is not a field of AuthenticationEvent");
  }

  @Test
  void shouldRejectAnUnknownNestedFieldInGroupBy() {
    assertProblem(
        VALID.replace("group_by: [user.name]", "group_by: [user.login]"),
        "bad.yaml: rule 'auth.test-burst': key 'group_by': 'user.login' is not a field of AuthenticationEvent");
  }

  @Test
  void shouldRejectAnUnknownFieldInCountDistinct() {
    assertProblem(
        VALID.replace("count: events", "count: {distinct: user.nick}"),
        "key 'count.distinct': 'user.nick' is not a field");
  }

  @Test
  void shouldRejectAnEnumValueTheFieldDoesNotHave() {
    assertProblem(
        VALID.replace("status: FAILURE", "status: FAILED"),
        "key 'where.status': 'FAILED' is not one of UNKNOWN, SUCCESS, FAILURE");
  }

  @Test
  void shouldRejectABadDuration() {
    assertProblem(
        VALID.replace("window: 5m", "window: 5 minutes"),
        "key 'window': '5 minutes' is not a duration");
  }

  @Test
  void shouldRejectAThresholdBelowOne() {
    assertProblem(
        VALID.replace("threshold: 3", "threshold: 0"),
        "key 'threshold': must be at least 1, got 0");
  }

  @Test
  void shouldRejectMoreThanThreeGroupByFields() {
    assertProblem(
        VALID.replace("group_by: [user.name]", "group_by: [user.name, src_ip, app, user_agent]"),
        "key 'group_by': must list 1 to 3 canonical fields, got 4");
  }

  @Test
  void shouldRejectDuplicateIdsAcrossFiles(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("a.yaml"), VALID);
    Files.writeString(dir.resolve("b.yaml"), VALID);

    assertThatThrownBy(() -> loader.load(Optional.of(dir)))
        .isInstanceOf(RuleValidationException.class)
        .hasMessageContaining(
            "b.yaml: rule 'auth.test-burst': key 'id': duplicate id, already defined in "
                + dir.resolve("a.yaml"));
  }

  @Test
  void shouldRejectADuplicateOfABuiltInId(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("a.yaml"), VALID.replace("auth.test-burst", "auth.failed-login-burst"));

    assertThatThrownBy(() -> loader.load(Optional.of(dir)))
        .hasMessageContaining(
            "rule 'auth.failed-login-burst': key 'id': duplicate id, already defined in rules/builtin/authentication.yaml");
  }

  @Test
  void shouldRejectInvalidYamlWithTheLine() {
    assertProblem("rules:\n  - id: x\n    name: [unclosed\n", "bad.yaml: not valid YAML (line");
  }

  @Test
  void shouldRejectAnUnknownInputClassAndArea() {
    String text =
        VALID
            .replace("input: authentication", "input: logins")
            .replace("area: authentication", "area: misc");
    assertProblem(text, "key 'input': unknown canonical class 'logins'");
    assertProblem(text, "key 'area': unknown area 'misc'");
  }

  @Test
  void shouldRejectAMissingRequiredKey() {
    assertProblem(VALID.replace("    threshold: 3\n", ""), "key 'threshold': is required");
  }

  @Test
  void shouldRejectAnUnsupportedRuleType() {
    assertProblem(
        VALID.replace("type: threshold", "type: anomaly"),
        "key 'type': unknown rule type 'anomaly'");
  }

  @Test
  void shouldReportEveryProblemAtOnce() {
    String text =
        VALID.replace("threshold: 3", "threshold: 0").replace("window: 5m", "window: soon");

    assertThatThrownBy(() -> loader.parse("bad.yaml", text))
        .isInstanceOfSatisfying(
            RuleValidationException.class, e -> assertThat(e.problems()).hasSize(2));
  }

  @Test
  void shouldFailWhenTheOperatorDirectoryDoesNotExist(@TempDir Path dir) {
    assertThatThrownBy(() -> loader.load(Optional.of(dir.resolve("nope"))))
        .hasMessageContaining("nope: rules directory does not exist");
  }

  private void assertProblem(String text, String expected) {
    assertThatThrownBy(() -> loader.parse("bad.yaml", text))
        .isInstanceOf(RuleValidationException.class)
        .hasMessageContaining(expected);
  }
}
