package io.sluice.streams.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.schemas.Severity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SigmaLoaderTest {
  private final SigmaLoader loader = new SigmaLoader();

  private static final String OKTA_RULE =
      """
      title: Okta session from a proxy
      id: 0d5b1c36-7f6b-4c39-9d59-6f2b1b0a0001
      name: okta_proxy_session
      status: experimental
      description: A session started behind a proxy.
      author: Sluice tests
      references:
        - https://developer.okta.com/docs/reference/api/system-log/
      tags:
        - attack.initial-access
        - attack.t1078.004
        - attack.T1090
        - attack.g0016
      logsource:
        product: okta
        service: okta
      detection:
        selection:
          eventType: user.session.start
          securityContext.isProxy: 'true'
        condition: selection
      falsepositives:
        - Corporate VPN egress flagged as a proxy
      level: high
      """;

  /** The problems of loading one file, which must fail. */
  private List<String> problems(String text) {
    return problems(Map.of("rules/bad.yml", text));
  }

  private List<String> problems(Map<String, String> files) {
    try {
      loader.parse(files);
    } catch (SigmaValidationException e) {
      return e.problems();
    }
    throw new AssertionError("expected the files to be rejected: " + files.keySet());
  }

  /** An Okta rule with the given id and detection block. */
  private static String okta(String id, String detection) {
    return """
        title: Rule %s
        id: %s
        logsource:
          product: okta
          service: okta
        detection:
        %s
        """
        .formatted(id, id, detection.stripTrailing().indent(2).stripTrailing());
  }

  @Nested
  class WhatLoads {
    @Test
    void shouldReadTheRulesMetadata() {
      SigmaDetectionRule rule = loader.parse("rules/okta.yml", OKTA_RULE).detectionRules().get(0);

      assertThat(rule.id()).isEqualTo("0d5b1c36-7f6b-4c39-9d59-6f2b1b0a0001");
      assertThat(rule.title()).isEqualTo("Okta session from a proxy");
      assertThat(rule.metadata().name()).contains("okta_proxy_session");
      assertThat(rule.metadata().status()).contains("experimental");
      assertThat(rule.metadata().description()).contains("A session started behind a proxy.");
      assertThat(rule.metadata().author()).contains("Sluice tests");
      assertThat(rule.metadata().references())
          .containsExactly("https://developer.okta.com/docs/reference/api/system-log/");
      assertThat(rule.metadata().falsePositives())
          .containsExactly("Corporate VPN egress flagged as a proxy");
      assertThat(rule.severity()).isEqualTo(Severity.HIGH);
      assertThat(rule.attack()).containsExactly("T1078.004", "T1090");
      assertThat(rule.metadata().tags()).contains("attack.g0016", "attack.initial-access");
      assertThat(rule.feed()).isEqualTo(SigmaFeed.OKTA_SYSTEM_LOG);
      assertThat(rule.feed().rawTopic()).isEqualTo("raw.okta.system-log");
      assertThat(rule.origin()).isEqualTo("rules/okta.yml");
    }

    @Test
    void shouldMapEveryLevelToASeverityAndDefaultToMedium() {
      Map<String, Severity> levels =
          Map.of(
              "informational", Severity.INFORMATIONAL,
              "low", Severity.LOW,
              "medium", Severity.MEDIUM,
              "high", Severity.HIGH,
              "critical", Severity.CRITICAL);
      levels.forEach(
          (level, severity) ->
              assertThat(
                      loader
                          .parse("l.yml", OKTA_RULE.replace("level: high", "level: " + level))
                          .rules()
                          .get(0)
                          .severity())
                  .isEqualTo(severity));
      assertThat(loader.parse("l.yml", OKTA_RULE.replace("level: high", "")).rules().get(0))
          .extracting(SigmaRule::severity)
          .isEqualTo(Severity.MEDIUM);
    }

    @Test
    void shouldRouteEveryLogsourceToItsFeed() {
      Map<String, SigmaFeed> logsources = new LinkedHashMap<>();
      logsources.put("okta/okta", SigmaFeed.OKTA_SYSTEM_LOG);
      logsources.put("mimecast/ttp-url", SigmaFeed.MIMECAST_TTP_URL);
      logsources.put("mimecast/ttp-attachment", SigmaFeed.MIMECAST_TTP_ATTACHMENT);
      logsources.put("mimecast/ttp-impersonation", SigmaFeed.MIMECAST_TTP_IMPERSONATION);
      logsources.put("mimecast/audit", SigmaFeed.MIMECAST_AUDIT);
      logsources.put("mimecast/dlp", SigmaFeed.MIMECAST_DLP);
      logsources.put("mimecast/siem", SigmaFeed.MIMECAST_SIEM);
      logsources.put("azure/signinlogs", SigmaFeed.ENTRA_SIGNINS);
      logsources.put("crowdstrike/alerts", SigmaFeed.CROWDSTRIKE_ALERTS);
      logsources.forEach(
          (logsource, feed) -> {
            String[] ps = logsource.split("/");
            SigmaDetectionRule rule =
                SigmaRecords.rule(
                    ps[0],
                    ps[1],
                    """
                    selection:
                      x|exists: true
                    condition: selection
                    """);
            assertThat(rule.feed()).as(logsource).isEqualTo(feed);
          });
      assertThat(SigmaFeed.ENTRA_SIGNINS.source()).isEqualTo("entra.signins");
      assertThat(SigmaFeed.MIMECAST_TTP_URL.rawTopic()).isEqualTo("raw.mimecast.ttp-url");
    }

    @Test
    void shouldLoadEveryDocumentOfAMultiDocumentFile() {
      String text =
          OKTA_RULE
              + "---\n"
              + okta(
                  "0d5b1c36-7f6b-4c39-9d59-6f2b1b0a0002",
                  """
                  selection:
                    eventType: user.account.lock
                  condition: selection
                  """)
              + "---\n";
      SigmaRuleSet set = loader.parse("rules/two.yml", text);

      assertThat(set.detectionRules())
          .extracting(SigmaRule::id)
          .containsExactly(
              "0d5b1c36-7f6b-4c39-9d59-6f2b1b0a0001", "0d5b1c36-7f6b-4c39-9d59-6f2b1b0a0002");
      assertThat(set.detectionRules(SigmaFeed.OKTA_SYSTEM_LOG)).hasSize(2);
      assertThat(set.detectionRules(SigmaFeed.ENTRA_SIGNINS)).isEmpty();
      assertThat(set.rule("0d5b1c36-7f6b-4c39-9d59-6f2b1b0a0002")).isPresent();
    }

    @Test
    void shouldUseTheNameAsIdForARuleWithoutId() {
      String text = OKTA_RULE.replace("id: 0d5b1c36-7f6b-4c39-9d59-6f2b1b0a0001\n", "");

      assertThat(loader.parse("n.yml", text).rules().get(0).id()).isEqualTo("okta_proxy_session");
    }

    @Test
    void shouldTellSigmaFilesFromSluiceRuleFiles() {
      String ours =
          """
          rules:
            - id: auth.test-burst
              name: Test burst
              type: threshold
          """;

      assertThat(SigmaLoader.isSigma(OKTA_RULE)).isTrue();
      assertThat(SigmaLoader.isSigma("title: x\ncorrelation:\n  type: temporal\n")).isTrue();
      assertThat(SigmaLoader.isSigma("---\n" + ours.replace("rules:", "x: 1\n---\nrules:")))
          .isFalse();
      assertThat(SigmaLoader.isSigma(ours)).isFalse();
      assertThat(SigmaLoader.isSigma("overrides:\n  - id: auth.test-burst\n")).isFalse();
      assertThat(SigmaLoader.isSigma("title: broken\ndetection:\n  sel: [unclosed\n"))
          .as("broken YAML judged by its keys")
          .isTrue();
      assertThat(SigmaLoader.isSigmaDocument(SigmaRecords.parseAny("{\"rules\":[]}"))).isFalse();
    }
  }

  @Nested
  class LoadErrors {
    @Test
    void shouldNameFileRuleAndKeyOfAnUnknownModifier() {
      assertThat(
              problems(
                  okta(
                      "7c7e2a7e-0000-4000-8000-000000000001",
                      """
                      selection:
                        eventType|containz: session
                      condition: selection
                      """)))
          .singleElement()
          .asString()
          .startsWith(
              "rules/bad.yml: rule '7c7e2a7e-0000-4000-8000-000000000001': key"
                  + " 'detection.selection.eventType|containz': unknown modifier 'containz'");
    }

    @Test
    void shouldNameFileAndRuleOfAnUnknownLogsource() {
      String windows =
          """
          title: Whoami
          id: 7c7e2a7e-0000-4000-8000-000000000002
          logsource:
            product: windows
            service: security
          detection:
            selection:
              EventID: 4625
            condition: selection
          """;

      assertThat(problems(windows))
          .singleElement()
          .asString()
          .startsWith(
              "rules/bad.yml: rule '7c7e2a7e-0000-4000-8000-000000000002': key 'logsource':"
                  + " unknown logsource (product: windows, service: security)")
          .contains("okta/okta", "azure/signinlogs");
    }

    @Test
    void shouldRefuseALogsourceWithACategory() {
      String text =
          OKTA_RULE.replace("  product: okta\n", "  category: process_creation\n  product: okta\n");

      assertThat(problems(text))
          .singleElement()
          .asString()
          .contains("key 'logsource': unknown logsource (category: process_creation");
    }

    @Test
    void shouldNameAConditionSelectionThatDoesNotExist() {
      assertThat(
              problems(
                  okta(
                      "7c7e2a7e-0000-4000-8000-000000000003",
                      """
                      selection:
                        eventType: user.session.start
                      condition: selection and not filter
                      """)))
          .containsExactly(
              "rules/bad.yml: rule '7c7e2a7e-0000-4000-8000-000000000003': key"
                  + " 'detection.condition': names selection 'filter', which the detection does"
                  + " not define");
    }

    @Test
    void shouldRejectBadConditionOperators() {
      Map<String, String> conditions = new LinkedHashMap<>();
      conditions.put("selection && filter", "unexpected '&&'");
      conditions.put("selection filter", "expected 'and' or 'or' before 'filter'");
      conditions.put("selection and", "ends after 'and'");
      conditions.put("(selection or filter", "missing ')'");
      conditions.put("selection or filter)", "unbalanced ')'");
      conditions.put("2 of selection*", "'2 of' is not Sigma");
      conditions.put("1 of nothing_*", "'nothing_*' matches no selection");
      conditions.put("selection | count() by actor.alternateId > 5", "write a correlation rule");
      conditions.put("selection near filter", "'near' is Sigma 1.0");
      conditions.put("selection and or filter", "unexpected 'or' after 'and'");
      conditions.put("", "is empty");
      conditions.forEach(
          (condition, message) ->
              assertThat(
                      problems(
                          okta(
                              "7c7e2a7e-0000-4000-8000-000000000004",
                              """
                              selection:
                                eventType: user.session.start
                              filter:
                                outcome.result: SUCCESS
                              condition: '%s'
                              """
                                  .formatted(condition))))
                  .as(condition)
                  .singleElement()
                  .asString()
                  .startsWith(
                      "rules/bad.yml: rule '7c7e2a7e-0000-4000-8000-000000000004': key"
                          + " 'detection.condition': ")
                  .contains(message));
    }

    @Test
    void shouldRejectDuplicateIdsInAFileAndAcrossFiles() {
      String again = OKTA_RULE.replace("name: okta_proxy_session", "name: other_name");

      assertThat(problems(OKTA_RULE + "---\n" + again))
          .containsExactly(
              "rules/bad.yml: rule '0d5b1c36-7f6b-4c39-9d59-6f2b1b0a0001': key 'id': duplicate"
                  + " id, already defined in rules/bad.yml");
      Map<String, String> files = new LinkedHashMap<>();
      files.put("rules/a.yml", OKTA_RULE);
      files.put("rules/b.yml", again);
      assertThat(problems(files))
          .containsExactly(
              "rules/b.yml: rule '0d5b1c36-7f6b-4c39-9d59-6f2b1b0a0001': key 'id': duplicate"
                  + " id, already defined in rules/a.yml");
    }

    @Test
    void shouldRejectADuplicateNameInAFile() {
      String sameName =
          OKTA_RULE.replace(
              "0d5b1c36-7f6b-4c39-9d59-6f2b1b0a0001", "0d5b1c36-7f6b-4c39-9d59-6f2b1b0a0009");

      assertThat(problems(OKTA_RULE + "---\n" + sameName))
          .singleElement()
          .asString()
          .contains("key 'name': duplicate name 'okta_proxy_session' in this file");
    }

    @Test
    void shouldReportEveryProblemOfAFileAtOnce() {
      String text =
          """
          title: Many problems
          id: 7c7e2a7e-0000-4000-8000-000000000005
          level: severe
          status: beta
          logsource:
            product: okta
            service: system
          detection:
            selection:
              eventType|startswith|endswith: user
              client.ipAddress|cidr: 10.0.0.0/33
              actor.alternateId|re: '(unclosed'
              outcome.result|all: FAILURE
              securityContext.isProxy|exists: maybe
              target|expand: '%admins%'
            condition: selection
          ---
          title: No id
          logsource:
            product: okta
            service: okta
          detection:
            selection:
              eventType: x
          """;

      assertThat(problems(text))
          .hasSize(11)
          .allSatisfy(p -> assertThat(p).startsWith("rules/bad.yml: rule '"))
          .anySatisfy(p -> assertThat(p).contains("key 'level': unknown level 'severe'"))
          .anySatisfy(p -> assertThat(p).contains("key 'status': unknown status 'beta'"))
          .anySatisfy(p -> assertThat(p).contains("key 'logsource': unknown logsource"))
          .anySatisfy(
              p ->
                  assertThat(p)
                      .contains("modifiers 'startswith' and 'endswith' cannot be combined"))
          .anySatisfy(p -> assertThat(p).contains("'cidr' takes a network"))
          .anySatisfy(p -> assertThat(p).contains("bad regular expression"))
          .anySatisfy(p -> assertThat(p).contains("'all' needs a list of two or more values"))
          .anySatisfy(p -> assertThat(p).contains("'exists' takes true or false"))
          .anySatisfy(p -> assertThat(p).contains("modifier 'expand' is not supported"))
          .anySatisfy(
              p ->
                  assertThat(p)
                      .contains("rule 'No id': key 'id': is required")
                      .doesNotContain("detection.condition"))
          .anySatisfy(
              p -> assertThat(p).contains("rule 'No id': key 'detection.condition': is required"));
    }

    @Test
    void shouldRejectUnsupportedSigmaWithTheReason() {
      assertThat(
              problems(
                  okta(
                      "7c7e2a7e-0000-4000-8000-000000000006",
                      """
                      selection:
                        actor.alternateId|expand: '%Administrators%'
                      condition: selection
                      """)))
          .singleElement()
          .asString()
          .contains("modifier 'expand' is not supported: placeholders");
      assertThat(problems("title: global\naction: global\nlogsource:\n  product: okta\n"))
          .singleElement()
          .asString()
          .contains("key 'action': Sigma 1.0 rule collections");
      assertThat(problems("title: f\nid: f1\nlogsource:\n  product: okta\nfilter:\n  rules: [x]\n"))
          .singleElement()
          .asString()
          .contains("key 'filter': Sigma filters are not supported");
    }

    @Test
    void shouldReportInvalidYamlWithItsLine() {
      assertThat(problems("title: x\ndetection:\n  selection: [unclosed\n"))
          .singleElement()
          .asString()
          .startsWith("rules/bad.yml: not valid YAML (line ");
      assertThat(problems("title: x\ntitle: y\n"))
          .singleElement()
          .asString()
          .contains("not valid YAML")
          .contains("title");
    }

    @Test
    void shouldRefuseIdsThatCannotKeyAlerts() {
      assertThat(problems(OKTA_RULE.replace("0d5b1c36-7f6b-4c39-9d59-6f2b1b0a0001", "my rule/1")))
          .singleElement()
          .asString()
          .contains("key 'id': 'my rule/1' is not usable as an identifier");
    }
  }
}
