package io.sluice.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.schemas.Alert;
import io.sluice.schemas.Severity;
import io.sluice.streams.testing.OktaEvents;
import io.sluice.streams.testing.TopologyHarness;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sigma rules in {@code --rules DIR}, next to Sluice's YAML, run by the production topology on the
 * raw Okta records (docs/sigma.md, "Engine").
 */
class SigmaEngineTest {
  private static final String LOCKED_OUT_ID = "14701da0-4b0f-4ee6-9c95-2ffb4e73bb9a";
  private static final Instant NOON = Instant.parse("2024-05-02T12:00:00Z");
  private static final String ANN = "ann@corp.example";

  /** SigmaHQ's Okta lock-out rule, as published (DRL 1.1; see the fixture's NOTICE.md). */
  static String lockedOutRule() throws IOException {
    return resource("/sigma/sigmahq/okta/okta_user_account_locked_out.yml");
  }

  /** A test resource's text. */
  static String resource(String path) throws IOException {
    try (InputStream in = SigmaEngineTest.class.getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static List<Rule> load(Path dir, String file, String text) throws IOException {
    Files.writeString(dir.resolve(file), text);
    return new RuleLoader().load(Optional.of(dir));
  }

  static ObjectNode lockedOut(String user, Instant time) {
    ObjectNode event = OktaEvents.adminEvent(user, time);
    event.put("eventType", "user.account.lock");
    event.put("displayMessage", "Max sign in attempts exceeded");
    return event;
  }

  @Nested
  class Loading {
    @Test
    void shouldLoadSigmaFilesNextToSluiceRulesFromTheRulesDirectory(@TempDir Path dir)
        throws IOException {
      Files.writeString(
          dir.resolve("tuning.yaml"),
          """
          overrides:
            - id: auth.failed-login-burst
              threshold: 20
          """);
      List<Rule> rules = load(dir, "okta.yml", lockedOutRule());

      assertThat(rules).extracting(Rule::id).contains(LOCKED_OUT_ID, "auth.failed-login-burst");
      Rule sigma = rules.stream().filter(r -> r.id().equals(LOCKED_OUT_ID)).findFirst().get();
      assertThat(sigma.name()).isEqualTo("Okta User Account Locked Out");
      assertThat(sigma.severity()).isEqualTo(Severity.MEDIUM);
      assertThat(sigma.attack()).containsExactly("T1531");
      assertThat(sigma.area()).isEqualTo(Rule.Area.SIGMA);
      assertThat(rules.stream().filter(r -> r.id().equals("auth.failed-login-burst")))
          .singleElement()
          .extracting(Rule::threshold)
          .isEqualTo(20);
    }

    @Test
    void shouldRunEverySigmaHqOktaFixtureUnmodifiedAsAnEngineRule(@TempDir Path dir)
        throws IOException, URISyntaxException {
      Path fixtures = Path.of(SigmaEngineTest.class.getResource("/sigma/sigmahq/okta").toURI());
      try (Stream<Path> files = Files.list(fixtures)) {
        for (Path file : files.toList()) {
          Files.copy(file, dir.resolve(file.getFileName()));
        }
      }

      List<Rule> sigma =
          new RuleLoader()
              .load(Optional.of(dir)).stream().filter(r -> r.sigma().isPresent()).toList();

      assertThat(sigma).hasSize(7).allSatisfy(r -> assertThat(r.area()).isEqualTo(Rule.Area.SIGMA));
      assertThat(new RuleSet(sigma).keyTypes()).containsExactly(KeyType.SIGMA);
    }

    @Test
    void shouldLoadEveryDocumentOfAMultiDocumentFile(@TempDir Path dir) throws IOException {
      List<Rule> rules =
          load(
              dir,
              "okta.yml",
              lockedOutRule()
                  + """
                  ---
                  title: Okta MFA factor reset
                  id: 0d5b1c36-8a51-4c7e-9a8e-1f2d3c4b5a69
                  logsource: {product: okta, service: okta}
                  detection:
                    selection: {eventType: user.mfa.factor.reset_all}
                    condition: selection
                  level: high
                  """);

      assertThat(rules)
          .extracting(Rule::id)
          .contains(LOCKED_OUT_ID, "0d5b1c36-8a51-4c7e-9a8e-1f2d3c4b5a69");
    }

    @Test
    void shouldStopOnAnUnknownLogsourceNamingTheFileAndTheRule(@TempDir Path dir) {
      assertThatThrownBy(
              () ->
                  load(
                      dir,
                      "windows.yml",
                      """
                      title: Failed logon
                      id: 53ba33fd-3a50-4468-a5ef-c583635cfa92
                      logsource: {product: windows, service: security}
                      detection:
                        selection: {EventID: 4625}
                        condition: selection
                      """))
          .isInstanceOf(RuleValidationException.class)
          .hasMessageContaining("windows.yml")
          .hasMessageContaining("rule '53ba33fd-3a50-4468-a5ef-c583635cfa92'")
          .hasMessageContaining("unknown logsource (product: windows, service: security)");
    }

    @Test
    void shouldStopOnAnUnknownModifierNamingTheFileAndTheRule(@TempDir Path dir) {
      assertThatThrownBy(
              () ->
                  load(
                      dir,
                      "typo.yml",
                      """
                      title: Okta session start
                      id: 2f4c6e8a-0b1d-4f3e-8a5c-7e9f1a2b3c4d
                      logsource: {product: okta, service: okta}
                      detection:
                        selection: {eventType|containz: session}
                        condition: selection
                      """))
          .isInstanceOf(RuleValidationException.class)
          .hasMessageContaining(
              "typo.yml: rule '2f4c6e8a-0b1d-4f3e-8a5c-7e9f1a2b3c4d': key"
                  + " 'detection.selection.eventType|containz': unknown modifier 'containz'");
    }

    @Test
    void shouldStopOnACorrelationNamingAMissingRuleNamingTheFileAndTheRule(@TempDir Path dir) {
      assertThatThrownBy(
              () ->
                  load(
                      dir,
                      "chain.yml",
                      lockedOutRule()
                          + """
                          ---
                          title: Lock-out, then a login
                          id: 5d7f9b1c-2e4a-4c6e-8f0a-1b3d5f7a9c2e
                          correlation:
                            type: temporal_ordered
                            rules: [%s, successful_login]
                            group-by: [actor.alternateId]
                            timespan: 1h
                          """
                              .formatted(LOCKED_OUT_ID)))
          .isInstanceOf(RuleValidationException.class)
          .hasMessageContaining(
              "chain.yml: rule '5d7f9b1c-2e4a-4c6e-8f0a-1b3d5f7a9c2e': key 'correlation.rules[1]':"
                  + " no loaded rule has the id or name 'successful_login'");
    }

    @Test
    void shouldStopOnAValueCountOverACorrelationNamingTheFileAndTheRule(@TempDir Path dir) {
      assertThatThrownBy(
              () ->
                  load(
                      dir,
                      "nested.yml",
                      lockedOutRule()
                          + """
                          ---
                          title: Lock-outs
                          id: 6e8a0c2d-3f5b-4d7f-9a1b-2c4e6a8b0d3f
                          name: lockouts
                          correlation:
                            type: event_count
                            rules: [%s]
                            group-by: [actor.alternateId]
                            timespan: 1h
                            condition: {gte: 2}
                          ---
                          title: Lock-out bursts from many addresses
                          id: 7f9b1d3e-4a6c-4e8a-8b2c-3d5f7b9c1e4a
                          correlation:
                            type: value_count
                            rules: [lockouts]
                            group-by: [actor.alternateId]
                            timespan: 1d
                            condition: {field: client.ipAddress, gte: 3}
                          """
                              .formatted(LOCKED_OUT_ID)))
          .isInstanceOf(RuleValidationException.class)
          .hasMessageContaining(
              "nested.yml: rule '7f9b1d3e-4a6c-4e8a-8b2c-3d5f7b9c1e4a': key 'correlation.rules[0]':"
                  + " 'lockouts' is a correlation: a value_count over a correlation has no field to"
                  + " count");
    }

    @Test
    void shouldApplyAnOverrideToASigmaRuleByItsId(@TempDir Path dir) throws IOException {
      Files.writeString(
          dir.resolve("tuning.yaml"),
          """
          overrides:
            - id: %s
              severity: critical
              suppress: 1h
          """
              .formatted(LOCKED_OUT_ID));

      Rule rule =
          load(dir, "okta.yml", lockedOutRule()).stream()
              .filter(r -> r.id().equals(LOCKED_OUT_ID))
              .findFirst()
              .orElseThrow();

      assertThat(rule.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(rule.suppress()).isEqualTo(Duration.ofHours(1));
      assertThat(rule.origin())
          .endsWith("okta.yml (overridden by " + dir.resolve("tuning.yaml") + ")");
    }

    @Test
    void shouldDropASigmaDetectionRuleAnOverrideDisables(@TempDir Path dir) throws IOException {
      Files.writeString(
          dir.resolve("tuning.yaml"),
          "overrides:\n  - id: %s\n    enabled: false\n".formatted(LOCKED_OUT_ID));

      assertThat(load(dir, "okta.yml", lockedOutRule()))
          .extracting(Rule::id)
          .doesNotContain(LOCKED_OUT_ID);
    }

    @Test
    void shouldNameTheFileAndKeyOfAnOverrideASigmaRuleCannotTake(@TempDir Path dir)
        throws IOException {
      Files.writeString(
          dir.resolve("tuning.yaml"),
          """
          overrides:
            - id: %s
              threshold: 3
              grace: 2h
            - id: 00000000-0000-4000-8000-00000000dead
              severity: low
          """
              .formatted(LOCKED_OUT_ID));

      assertThatThrownBy(() -> load(dir, "okta.yml", lockedOutRule()))
          .isInstanceOf(RuleValidationException.class)
          .hasMessageContaining(
              "tuning.yaml: override '"
                  + LOCKED_OUT_ID
                  + "': key 'threshold': only an event_count, value_count or temporal correlation"
                  + " has a count to override")
          .hasMessageContaining(
              "tuning.yaml: override '"
                  + LOCKED_OUT_ID
                  + "': key 'grace': cannot be overridden on a Sigma rule")
          .hasMessageContaining(
              "tuning.yaml: override '00000000-0000-4000-8000-00000000dead': key 'id': no rule"
                  + " with this id");
    }

    @Test
    void shouldStopOnACorrelationTheEngineDoesNotRunNamingTheFileAndTheRule(@TempDir Path dir) {
      assertThatThrownBy(
              () ->
                  load(
                      dir,
                      "few.yml",
                      lockedOutRule()
                          + """
                          ---
                          title: Few lock-outs
                          id: 7a1e4d52-3c61-4b8f-9d0e-2a3b4c5d6e7f
                          correlation:
                            type: event_count
                            rules: [%s]
                            group-by: [actor.alternateId]
                            timespan: 1h
                            condition: {lte: 5000}
                          """
                              .formatted(LOCKED_OUT_ID)))
          .isInstanceOf(RuleValidationException.class)
          .hasMessageContaining("few.yml: rule '7a1e4d52-3c61-4b8f-9d0e-2a3b4c5d6e7f'")
          .hasMessageContaining("key 'correlation.condition': an upper bound of 5000 is above");
    }
  }

  @Nested
  class DetectionRules {
    private TopologyHarness harness;

    @AfterEach
    void close() {
      if (harness != null) {
        harness.close();
      }
    }

    @Test
    void shouldAlertOnARawOktaRecordTheSigmaHqRuleMatches(@TempDir Path dir) throws IOException {
      harness = new TopologyHarness(load(dir, "okta.yml", lockedOutRule()));
      TestOutputTopic<String, Alert> sigma = harness.alerts(Rule.Area.SIGMA);
      TestOutputTopic<String, String> ocsf = harness.ocsfAlerts();

      harness.sendOkta(lockedOut("Ann@Corp.Example", NOON));

      List<Alert> alerts = sigma.readValuesToList();
      assertThat(alerts)
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.getRule().getId()).isEqualTo(LOCKED_OUT_ID);
                assertThat(a.getRule().getName()).isEqualTo("Okta User Account Locked Out");
                assertThat(a.getSeverity()).isEqualTo(Severity.MEDIUM);
                assertThat(a.getAttack()).containsExactly("T1531");
                assertThat(a.getArea()).isEqualTo("sigma");
                assertThat(a.getEntity().getType()).isEqualTo("principal");
                assertThat(a.getEntity().getValue()).isEqualTo(ANN);
                assertThat(a.getWindowEnd()).isEqualTo(NOON);
                assertThat(a.getSources()).containsExactly("okta.system-log");
                assertThat(a.getEvidence()).singleElement();
                assertThat(a.getEvidence().get(0).getRawRef().getTopic())
                    .isEqualTo("raw.okta.system-log");
                assertThat(a.getContext())
                    .containsEntry("rule_type", "sigma detection")
                    .containsEntry("sigma_author", "Austin Songer @austinsonger");
              });
      assertThat(ocsf.readValuesToList())
          .anySatisfy(json -> assertThat(json).contains(LOCKED_OUT_ID));
    }

    @Test
    void shouldNotAlertOnARawOktaRecordTheSigmaHqRuleDoesNotMatch(@TempDir Path dir)
        throws IOException {
      harness = new TopologyHarness(load(dir, "okta.yml", lockedOutRule()));
      TestOutputTopic<String, Alert> sigma = harness.alerts(Rule.Area.SIGMA);

      harness.sendOkta(OktaEvents.failedLogin(ANN, NOON));

      assertThat(sigma.isEmpty()).isTrue();
    }

    @Test
    void shouldGiveTheSameAlertIdWhenTheSameMatchIsReplayed(@TempDir Path dir) throws IOException {
      List<Rule> rules = load(dir, "okta.yml", lockedOutRule());
      harness = new TopologyHarness(rules);
      harness.sendOkta(lockedOut(ANN, NOON));
      String first = harness.alerts(Rule.Area.SIGMA).readValue().getAlertId();
      harness.close();

      harness = new TopologyHarness(rules);
      harness.sendOkta(lockedOut(ANN, NOON));

      assertThat(harness.alerts(Rule.Area.SIGMA).readValue().getAlertId()).isEqualTo(first);
    }
  }
}
