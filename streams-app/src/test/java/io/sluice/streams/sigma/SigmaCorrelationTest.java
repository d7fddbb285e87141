package io.sluice.streams.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.schemas.Severity;
import io.sluice.streams.sigma.SigmaCorrelationRule.Reference;
import io.sluice.streams.sigma.SigmaCorrelationRule.Type;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Correlation rules (Sigma correlation specification 2.0), from the specification's own examples —
 * with Sluice log sources for their detection rules — and the errors around them.
 */
class SigmaCorrelationTest {
  private final SigmaLoader loader = new SigmaLoader();

  /** The spec's two Windows detection rules, rewritten for Okta's System Log. */
  private static final String OKTA_LOGINS =
      """
      title: Single failed login
      id: 53ba33fd-3a50-4468-a5ef-c583635cfa92
      name: failed_login
      logsource:
          product: okta
          service: okta
      detection:
          selection:
              eventType: user.session.start
              outcome.result: FAILURE
          condition: selection
      ---
      title: Successful login
      id: 4d0a2c83-c62c-4ed4-b475-c7e23a9269b8
      description: Detects a successful login
      name: successful_login
      logsource:
          product: okta
          service: okta
      detection:
          selection:
              eventType: user.session.start
              outcome.result: SUCCESS
          condition: selection
      """;

  private static String resource(String path) {
    try (InputStream in = SigmaCorrelationTest.class.getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The spec example's two correlations, over the Okta rewrite of its detection rules. */
  private static String specExampleOnOkta() {
    String spec = resource("/sigma/spec/failed_logins_followed_by_successful_login.yml");
    String correlations = spec.substring(0, spec.indexOf("---\ntitle: Single failed login"));
    return correlations + "---\n" + OKTA_LOGINS;
  }

  private List<String> problems(String text) {
    try {
      loader.parse("rules/corr.yml", text);
    } catch (SigmaValidationException e) {
      return e.problems();
    }
    throw new AssertionError("expected the file to be rejected");
  }

  /** A correlation document around a correlation section (indented as under correlation:). */
  private static String correlation(String id, String section) {
    return """
        title: Correlation %s
        id: %s
        correlation:
        %s
        """
        .formatted(id, id, section.stripTrailing().indent(4).stripTrailing());
  }

  @Nested
  class SpecificationExamples {
    @Test
    void shouldRejectTheExampleAsPrintedForItsWindowsLogsourceNamingEachRule() {
      List<String> problems =
          problems(resource("/sigma/spec/failed_logins_followed_by_successful_login.yml"));

      assertThat(problems)
          .anySatisfy(
              p ->
                  assertThat(p)
                      .startsWith(
                          "rules/corr.yml: rule '53ba33fd-3a50-4468-a5ef-c583635cfa92': key"
                              + " 'logsource': unknown logsource (product: windows, service:"
                              + " security)"))
          .anySatisfy(
              p ->
                  assertThat(p)
                      .startsWith(
                          "rules/corr.yml: rule '4d0a2c83-c62c-4ed4-b475-c7e23a9269b8': key"
                              + " 'logsource': unknown logsource"))
          .anySatisfy(
              p ->
                  assertThat(p)
                      .isEqualTo(
                          "rules/corr.yml: rule 'a8418a5a-5fc4-46b5-b23b-6c73beb19d41': key"
                              + " 'correlation.rules[0]': rule 'failed_login' did not load (its"
                              + " problems are listed)"));
    }

    @Test
    void shouldResolveTheChainedExampleInOrder() {
      SigmaRuleSet set = loader.parse("rules/mr_failed_then_success.yml", specExampleOnOkta());

      SigmaCorrelationRule outer =
          (SigmaCorrelationRule) set.rule("b180ead8-d58f-40b2-ae54-c8940995b9b6").orElseThrow();
      assertThat(outer.type()).isEqualTo(Type.TEMPORAL_ORDERED);
      assertThat(outer.ordered()).isTrue();
      assertThat(outer.rules())
          .extracting(Reference::written)
          .containsExactly("multiple_failed_login", "successful_login");
      assertThat(outer.rules().get(0).target()).isInstanceOf(SigmaCorrelationRule.class);
      assertThat(outer.rules().get(1).detection()).isPresent();
      assertThat(outer.groupBy()).containsExactly("User");
      assertThat(outer.rules()).allSatisfy(r -> assertThat(r.groupBy()).containsExactly("User"));
      assertThat(outer.timespan()).isEqualTo(Duration.ofMinutes(10));
      assertThat(outer.condition().lowerBound()).as("both rules, in order").isEqualTo(2);
      assertThat(outer.condition().hasUpperBound()).isFalse();
      assertThat(outer.severity()).isEqualTo(Severity.HIGH);
      assertThat(outer.metadata().author()).contains("Florian Roth (Nextron Systems)");

      SigmaCorrelationRule inner = (SigmaCorrelationRule) outer.rules().get(0).target();
      assertThat(inner.type()).isEqualTo(Type.EVENT_COUNT);
      assertThat(inner.condition().lowerBound()).isEqualTo(10);
      assertThat(inner.rules().get(0).target().id())
          .isEqualTo("53ba33fd-3a50-4468-a5ef-c583635cfa92");
    }

    @Test
    void shouldLetOnlyTheOutermostCorrelationAlertByDefault() {
      SigmaRuleSet set = loader.parse("rules/mr.yml", specExampleOnOkta());

      assertThat(set.alertingRules())
          .extracting(SigmaRule::id)
          .containsExactly("b180ead8-d58f-40b2-ae54-c8940995b9b6");
      SigmaRule failed = set.rule("53ba33fd-3a50-4468-a5ef-c583635cfa92").orElseThrow();
      assertThat(set.alertsOnItsOwn(failed)).isFalse();
    }

    @Test
    void shouldLetReferencedRulesAlertWithGenerate() {
      String text =
          specExampleOnOkta()
              .replace(
                  "    timespan: 10m\nfalsepositives:",
                  "    timespan: 10m\ngenerate: true\nfalsepositives:");
      SigmaRuleSet set = loader.parse("rules/mr.yml", text);

      assertThat(
              ((SigmaCorrelationRule)
                      set.rule("b180ead8-d58f-40b2-ae54-c8940995b9b6").orElseThrow())
                  .generate())
          .isTrue();
      assertThat(set.alertingRules())
          .extracting(SigmaRule::id)
          .containsExactly(
              "b180ead8-d58f-40b2-ae54-c8940995b9b6",
              "a8418a5a-5fc4-46b5-b23b-6c73beb19d41",
              "4d0a2c83-c62c-4ed4-b475-c7e23a9269b8");
    }

    @Test
    void shouldParseTheEventCountExample() {
      String text =
          correlation(
                  "0e95725d-7320-415d-80f7-004da920fc11",
                  """
                  type: event_count
                  rules:
                      - 5638f7c0-ac70-491d-8465-2a65075e0d86
                  group-by:
                      - ComputerName
                  timespan: 1h
                  condition:
                      gte: 100
                  """)
              + "---\n"
              + OKTA_LOGINS.replace(
                  "53ba33fd-3a50-4468-a5ef-c583635cfa92", "5638f7c0-ac70-491d-8465-2a65075e0d86");
      SigmaCorrelationRule rule = loader.parse("c.yml", text).correlationRules().get(0);

      assertThat(rule.type()).isEqualTo(Type.EVENT_COUNT);
      assertThat(rule.rules().get(0).target().id())
          .isEqualTo("5638f7c0-ac70-491d-8465-2a65075e0d86");
      assertThat(rule.timespan().toMillis()).isEqualTo(3_600_000L);
      assertThat(rule.condition().lowerBound()).isEqualTo(100);
      assertThat(rule.condition().test(99)).isFalse();
      assertThat(rule.condition().test(100)).isTrue();
      assertThat(rule.condition().test(1_000_000)).isTrue();
    }

    @Test
    void shouldParseTheValueCountExample() {
      String text =
          correlation(
                  "0e95725d-7320-415d-80f7-004da920fc12",
                  """
                  type: value_count
                  rules:
                      - failed_login
                  group-by:
                      - ComputerName
                      - WorkstationName
                  timespan: 1d
                  condition:
                      field: User
                      gte: 100
                  """)
              + "---\n"
              + OKTA_LOGINS;
      SigmaCorrelationRule rule = loader.parse("c.yml", text).correlationRules().get(0);

      assertThat(rule.type()).isEqualTo(Type.VALUE_COUNT);
      assertThat(rule.valueField()).contains("User");
      assertThat(rule.rules().get(0).valueField()).contains("User");
      assertThat(rule.groupBy()).containsExactly("ComputerName", "WorkstationName");
      assertThat(rule.timespan()).isEqualTo(Duration.ofDays(1));
      assertThat(rule.condition().lowerBound()).isEqualTo(100);
    }

    @Test
    void shouldParseTheTemporalExample() {
      StringBuilder text =
          new StringBuilder(
              """
              title: Recon
              id: 3a3c0b8e-1d5e-4b55-9d0e-000000000001
              correlation:
                  type: temporal
                  rules:
                      - recon_cmd_a
                      - recon_cmd_b
                      - recon_cmd_c
                  group-by:
                      - ComputerName
                      - User
                  timespan: 5m
              """);
      for (String name : List.of("recon_cmd_a", "recon_cmd_b", "recon_cmd_c")) {
        text.append(
            """
            ---
            title: %s
            name: %s
            logsource:
                product: crowdstrike
                service: alerts
            detection:
                selection:
                    cmdline|contains: %s
                condition: selection
            """
                .formatted(name, name, name));
      }
      SigmaCorrelationRule rule = loader.parse("c.yml", text.toString()).correlationRules().get(0);

      assertThat(rule.type()).isEqualTo(Type.TEMPORAL);
      assertThat(rule.ordered()).isFalse();
      assertThat(rule.rules()).hasSize(3);
      assertThat(rule.condition().lowerBound()).as("all three rules").isEqualTo(3);
      assertThat(rule.rules().get(2).groupBy()).containsExactly("ComputerName", "User");
      assertThat(rule.rules().get(0).target().id()).as("no id: the name").isEqualTo("recon_cmd_a");
    }

    @Test
    void shouldApplyTheAliasesExamplePerReferencedRule() {
      String text =
          """
          title: Internal error then connection
          id: 3a3c0b8e-1d5e-4b55-9d0e-000000000002
          correlation:
              type: temporal
              rules:
                  - internal_error
                  - new_network_connection
              group-by:
                  - internal_ip
                  - remote_ip
              timespan: 10s
              aliases:
                  internal_ip:
                      internal_error: destination.ip
                      new_network_connection: source.ip
                  remote_ip:
                      internal_error: source.ip
                      new_network_connection: destination.ip
          ---
          title: Internal error
          name: internal_error
          logsource:
              product: crowdstrike
              service: alerts
          detection:
              selection:
                  http.response.status_code: 500
              condition: selection
          ---
          title: New network connection
          name: new_network_connection
          logsource:
              product: crowdstrike
              service: alerts
          detection:
              selection:
                  event.category: network
                  event.type: connection
                  event.outcome: success
              condition: selection
          """;
      SigmaCorrelationRule rule = loader.parse("c.yml", text).correlationRules().get(0);

      assertThat(rule.timespan().toMillis()).isEqualTo(10_000L);
      assertThat(rule.rules().get(0).groupBy()).containsExactly("destination.ip", "source.ip");
      assertThat(rule.rules().get(1).groupBy()).containsExactly("source.ip", "destination.ip");
      assertThat(rule.aliases()).containsOnlyKeys("internal_ip", "remote_ip");
    }
  }

  @Nested
  class AcrossFeeds {
    @Test
    void shouldReadOneAliasFromAnOktaAndAnEntraRecord() {
      String text =
          correlation(
                  "3a3c0b8e-1d5e-4b55-9d0e-000000000003",
                  """
                  type: temporal
                  rules:
                      - failed_login
                      - entra_failure
                  group-by:
                      - user
                  timespan: 1h
                  aliases:
                      user:
                          failed_login: actor.alternateId
                          entra_failure: UserPrincipalName
                  """)
              + "---\n"
              + OKTA_LOGINS
              + """
              ---
              title: Entra failure
              name: entra_failure
              logsource:
                  product: azure
                  service: signinlogs
              detection:
                  selection:
                      ResultType: 50126
                  condition: selection
              """;
      SigmaCorrelationRule rule = loader.parse("c.yml", text).correlationRules().get(0);

      Reference okta = rule.rules().get(0);
      Reference entra = rule.rules().get(1);
      assertThat(okta.groupBy()).containsExactly("actor.alternateId");
      assertThat(entra.groupBy()).containsExactly("UserPrincipalName");
      assertThat(okta.groupByFields().get(0).value(SigmaRecords.oktaFailedLogin()))
          .isEqualTo("ann@corp.example");
      assertThat(entra.groupByFields().get(0).value(SigmaRecords.entraFailedSignIn()))
          .isEqualTo("ann@corp.example");
      assertThat(entra.detection().orElseThrow().matches(SigmaRecords.entraFailedSignIn()))
          .isTrue();
    }

    @Test
    void shouldResolveReferencesAcrossFilesByIdAndByUniqueName() {
      Map<String, String> files = new LinkedHashMap<>();
      files.put("rules/okta.yml", OKTA_LOGINS);
      files.put(
          "rules/mr.yml",
          correlation(
              "3a3c0b8e-1d5e-4b55-9d0e-000000000004",
              """
              type: temporal_ordered
              rules:
                  - 53ba33fd-3a50-4468-a5ef-c583635cfa92
                  - successful_login
              group-by:
                  - actor.alternateId
              timespan: 1h
              """));
      SigmaCorrelationRule rule = loader.parse(files).correlationRules().get(0);

      assertThat(rule.rules())
          .extracting(r -> r.target().id())
          .containsExactly(
              "53ba33fd-3a50-4468-a5ef-c583635cfa92", "4d0a2c83-c62c-4ed4-b475-c7e23a9269b8");
    }

    @Test
    void shouldRefuseANameTwoOtherFilesDefine() {
      Map<String, String> files = new LinkedHashMap<>();
      files.put("rules/a.yml", OKTA_LOGINS);
      files.put(
          "rules/b.yml",
          OKTA_LOGINS
              .replace(
                  "53ba33fd-3a50-4468-a5ef-c583635cfa92", "53ba33fd-3a50-4468-a5ef-c583635cfa93")
              .replace(
                  "4d0a2c83-c62c-4ed4-b475-c7e23a9269b8", "4d0a2c83-c62c-4ed4-b475-c7e23a9269b9"));
      files.put(
          "rules/mr.yml",
          correlation(
              "3a3c0b8e-1d5e-4b55-9d0e-000000000005",
              """
              type: event_count
              rules: [failed_login]
              group-by: [actor.alternateId]
              timespan: 1h
              condition: {gte: 5}
              """));
      try {
        loader.parse(files);
        throw new AssertionError("expected a rejection");
      } catch (SigmaValidationException e) {
        assertThat(e.problems())
            .containsExactly(
                "rules/mr.yml: rule '3a3c0b8e-1d5e-4b55-9d0e-000000000005': key"
                    + " 'correlation.rules[0]': name 'failed_login' is ambiguous: rules in"
                    + " [rules/a.yml, rules/b.yml] have it");
      }
    }
  }

  @Nested
  class Conditions {
    private CorrelationCondition condition(String yaml) {
      String text =
          correlation(
                  "3a3c0b8e-1d5e-4b55-9d0e-000000000006",
                  """
                  type: event_count
                  rules: [failed_login]
                  group-by: [actor.alternateId]
                  timespan: 15m
                  condition: %s
                  """
                      .formatted(yaml))
              + "---\n"
              + OKTA_LOGINS;
      return loader.parse("c.yml", text).correlationRules().get(0).condition();
    }

    @Test
    void shouldTurnEachOperatorIntoBounds() {
      assertThat(condition("{gte: 10}").lowerBound()).isEqualTo(10);
      assertThat(condition("{gt: 10}").lowerBound()).isEqualTo(11);
      assertThat(condition("{gt: 10}").upperBound()).isEmpty();
      assertThat(condition("{eq: 5}").lowerBound()).isEqualTo(5);
      assertThat(condition("{eq: 5}").upperBound()).hasValue(5);
      assertThat(condition("{lt: 10}").lowerBound()).as("a count is at least 1").isEqualTo(1);
      assertThat(condition("{lt: 10}").upperBound()).hasValue(9);
      assertThat(condition("{lte: 10}").upperBound()).hasValue(10);
    }

    @Test
    void shouldCombineOperatorsIntoARange() {
      CorrelationCondition range = condition("{gt: 100, lte: 200}");

      assertThat(range.lowerBound()).isEqualTo(101);
      assertThat(range.upperBound()).hasValue(200);
      assertThat(range.operators()).containsEntry("gt", 100L).containsEntry("lte", 200L);
      assertThat(range.test(100)).isFalse();
      assertThat(range.test(101)).isTrue();
      assertThat(range.test(200)).isTrue();
      assertThat(range.test(201)).isFalse();
      assertThat(condition("{gte: 10, gt: 12}").lowerBound()).isEqualTo(13);
    }

    @Test
    void shouldReadEveryTimespanUnit() {
      Map<String, Long> spans =
          Map.of(
              "30s", 30_000L,
              "90m", 5_400_000L,
              "2h", 7_200_000L,
              "1d", 86_400_000L,
              "1w", 604_800_000L);
      spans.forEach(
          (span, millis) -> {
            String text =
                correlation(
                        "3a3c0b8e-1d5e-4b55-9d0e-000000000007",
                        """
                        type: event_count
                        rules: [failed_login]
                        group-by: [actor.alternateId]
                        timespan: %s
                        condition: {gte: 3}
                        """
                            .formatted(span))
                    + "---\n"
                    + OKTA_LOGINS;
            assertThat(loader.parse("c.yml", text).correlationRules().get(0).timespan().toMillis())
                .as(span)
                .isEqualTo(millis);
          });
    }
  }

  @Nested
  class LoadErrors {
    private List<String> correlationProblems(String section) {
      return problems(
          correlation("3a3c0b8e-1d5e-4b55-9d0e-000000000010", section) + "---\n" + OKTA_LOGINS);
    }

    private static final String PREFIX =
        "rules/corr.yml: rule '3a3c0b8e-1d5e-4b55-9d0e-000000000010': key ";

    @Test
    void shouldNameAMissingRuleByNameOrId() {
      assertThat(
              correlationProblems(
                  """
                  type: temporal
                  rules:
                      - failed_login
                      - no_such_rule
                      - 00000000-0000-4000-8000-00000000dead
                  group-by: [actor.alternateId]
                  timespan: 1h
                  """))
          .containsExactly(
              PREFIX + "'correlation.rules[1]': no loaded rule has the id or name 'no_such_rule'",
              PREFIX
                  + "'correlation.rules[2]': no loaded rule has the id or name"
                  + " '00000000-0000-4000-8000-00000000dead'");
    }

    @Test
    void shouldRejectBadTimespans() {
      for (String span : List.of("1H", "10", "5 m", "1M", "1y", "0m", "1.5h", "-1h", "")) {
        assertThat(
                correlationProblems(
                    """
                    type: event_count
                    rules: [failed_login]
                    group-by: [actor.alternateId]
                    timespan: '%s'
                    condition: {gte: 3}
                    """
                        .formatted(span)))
            .as(span)
            .singleElement()
            .asString()
            .startsWith(PREFIX + "'correlation.timespan': bad timespan '" + span + "'");
      }
    }

    @Test
    void shouldRejectBadConditionOperators() {
      Map<String, String> cases = new LinkedHashMap<>();
      cases.put("{ge: 10}", "'correlation.condition.ge': unknown operator");
      cases.put("{gte: ten}", "'correlation.condition.gte': must be a whole number");
      cases.put("{gte: 2.5}", "'correlation.condition.gte': must be a whole number");
      cases.put("{gt: 10, lt: 5}", "'correlation.condition': no count satisfies");
      cases.put("{}", "'correlation.condition': needs one of gt, gte, lt, lte, eq");
      cases.put("'failed_login'", "'correlation.condition': must be a mapping");
      cases.forEach(
          (condition, message) ->
              assertThat(
                      correlationProblems(
                          """
                          type: event_count
                          rules: [failed_login]
                          group-by: [actor.alternateId]
                          timespan: 1h
                          condition: %s
                          """
                              .formatted(condition)))
                  .as(condition)
                  .singleElement()
                  .asString()
                  .startsWith(PREFIX + message));
    }

    @Test
    void shouldRequireTheFieldOfAValueCountAndRefuseItElsewhere() {
      assertThat(
              correlationProblems(
                  """
                  type: value_count
                  rules: [failed_login]
                  group-by: [client.ipAddress]
                  timespan: 1h
                  condition: {gte: 10}
                  """))
          .singleElement()
          .asString()
          .startsWith(PREFIX + "'correlation.condition.field': is required for value_count");
      assertThat(
              correlationProblems(
                  """
                  type: event_count
                  rules: [failed_login]
                  group-by: [client.ipAddress]
                  timespan: 1h
                  condition: {gte: 10, field: actor.alternateId}
                  """))
          .singleElement()
          .asString()
          .startsWith(PREFIX + "'correlation.condition.field': only value_count");
    }

    @Test
    void shouldRefuseTemporalCountsItCannotMeet() {
      assertThat(
              correlationProblems(
                  """
                  type: temporal
                  rules: [failed_login, successful_login]
                  group-by: [actor.alternateId]
                  timespan: 1h
                  condition: {gte: 3}
                  """))
          .singleElement()
          .asString()
          .contains("asks for 3 rules but the correlation lists only 2");
      assertThat(
              correlationProblems(
                  """
                  type: temporal_ordered
                  rules: [failed_login, successful_login]
                  group-by: [actor.alternateId]
                  timespan: 1h
                  condition: {gte: 1}
                  """))
          .singleElement()
          .asString()
          .contains("temporal_ordered needs all 2 rules in order");
      assertThat(
              correlationProblems(
                  """
                  type: temporal
                  rules: [failed_login, successful_login]
                  group-by: [actor.alternateId]
                  timespan: 1h
                  condition: failed_login and successful_login
                  """))
          .singleElement()
          .asString()
          .contains("boolean expressions over rule names are not supported");
    }

    @Test
    void shouldRefuseCycles() {
      String text =
          """
          title: A
          id: 3a3c0b8e-1d5e-4b55-9d0e-0000000000a1
          name: corr_a
          correlation:
              type: event_count
              rules: [corr_b]
              group-by: [actor.alternateId]
              timespan: 1h
              condition: {gte: 2}
          ---
          title: B
          id: 3a3c0b8e-1d5e-4b55-9d0e-0000000000b1
          name: corr_b
          correlation:
              type: event_count
              rules: [corr_a]
              group-by: [actor.alternateId]
              timespan: 1h
              condition: {gte: 2}
          """;

      assertThat(problems(text))
          .singleElement()
          .asString()
          .contains("key 'correlation.rules': the correlation references itself through a cycle");
      assertThat(
              correlationProblems(
                  """
                  type: event_count
                  rules: [3a3c0b8e-1d5e-4b55-9d0e-000000000010]
                  group-by: [actor.alternateId]
                  timespan: 1h
                  condition: {gte: 2}
                  """))
          .containsExactly(
              PREFIX + "'correlation.rules[0]': a correlation cannot reference itself");
    }

    @Test
    void shouldCheckAliasesAgainstTheReferencedRules() {
      assertThat(
              correlationProblems(
                  """
                  type: temporal
                  rules: [failed_login, successful_login]
                  group-by: [user]
                  timespan: 1h
                  aliases:
                      user:
                          failed_login: actor.alternateId
                          succesful_login: actor.alternateId
                  """))
          .contains(
              PREFIX
                  + "'correlation.aliases.user': does not say which field of rule"
                  + " 'successful_login' holds it",
              PREFIX
                  + "'correlation.aliases.user.succesful_login': names no rule of correlation.rules");
    }

    @Test
    void shouldRefuseUnknownKeysTypesAndMissingParts() {
      assertThat(
              correlationProblems(
                  """
                  type: event_count
                  rules: [failed_login, failed_login]
                  group_by: [actor.alternateId]
                  timespan: 1h
                  condition: {gte: 2}
                  generate: sometimes
                  """))
          .contains(
              PREFIX
                  + "'correlation.group_by': unknown key (expected: type, rules, aliases,"
                  + " group-by, timespan, condition, generate); did you mean 'group-by'?",
              PREFIX + "'correlation.rules[1]': 'failed_login' is listed twice",
              PREFIX + "'correlation.group-by': is required (the fields that scope a count)",
              PREFIX + "'correlation.generate': must be true or false");
      assertThat(
              correlationProblems(
                  """
                  type: event_sum
                  rules: [failed_login]
                  group-by: [actor.alternateId]
                  timespan: 1h
                  """))
          .singleElement()
          .asString()
          .startsWith(PREFIX + "'correlation.type': unknown correlation type 'event_sum'");
      assertThat(
              correlationProblems(
                  """
                  type: event_count
                  group-by: [actor.alternateId]
                  condition: {gte: 2}
                  """))
          .contains(
              PREFIX
                  + "'correlation.rules': is required (the ids or names of the rules correlated)",
              PREFIX
                  + "'correlation.timespan': is required (a number and s, m, h, d or w, e.g. 10m)");
    }

    @Test
    void shouldRefuseTheSameRuleListedByIdAndByName() {
      assertThat(
              correlationProblems(
                  """
                  type: temporal
                  rules: [failed_login, 53ba33fd-3a50-4468-a5ef-c583635cfa92]
                  group-by: [actor.alternateId]
                  timespan: 1h
                  """))
          .containsExactly(
              PREFIX
                  + "'correlation.rules[1]': '53ba33fd-3a50-4468-a5ef-c583635cfa92' is a rule"
                  + " already listed");
    }
  }

  @Nested
  class Metrics {
    @Test
    void shouldModelTheValueMetricTypes() {
      String text =
          correlation(
                  "3a3c0b8e-1d5e-4b55-9d0e-000000000020",
                  """
                  type: value_avg
                  rules: [failed_login]
                  group-by: [client.ipAddress]
                  timespan: 24h
                  condition:
                      field: debugContext.debugData.risk
                      gt: 500
                  """)
              + "---\n"
              + OKTA_LOGINS;
      SigmaCorrelationRule rule = loader.parse("c.yml", text).correlationRules().get(0);

      assertThat(rule.type()).isEqualTo(Type.VALUE_AVG);
      assertThat(rule.type().needsField()).isTrue();
      assertThat(rule.valueField()).contains("debugContext.debugData.risk");
      assertThat(rule.condition().operators()).containsExactly(Map.entry("gt", 500L));
    }

    @Test
    void shouldCarryLevelAndTagsOfACorrelation() {
      String text =
          """
          title: Burst
          id: 3a3c0b8e-1d5e-4b55-9d0e-000000000021
          level: critical
          tags:
              - attack.credential-access
              - attack.t1110.001
          correlation:
              type: event_count
              rules: [failed_login]
              group-by: [actor.alternateId]
              timespan: 10m
              condition: {gte: 10}
          ---
          """
              + OKTA_LOGINS;
      SigmaCorrelationRule rule = loader.parse("c.yml", text).correlationRules().get(0);

      assertThat(rule.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(rule.attack()).containsExactly("T1110.001");
      assertThat(rule.title()).isEqualTo("Burst");
    }
  }
}
