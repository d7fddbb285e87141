package io.sluice.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.streams.sigma.SigmaFeed;
import io.sluice.streams.sigma.SigmaMatchState;
import io.sluice.streams.sigma.SigmaMatcher;
import io.sluice.streams.sigma.SigmaRule;
import io.sluice.streams.testing.OktaEvents;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Sigma files on the live rules topic: accepted when the running topology can feed them. */
class LiveSigmaRulesTest {
  private static String detection(String id, String product, String service, String selection) {
    return """
        title: Live rule %s
        id: %s
        logsource: {product: %s, service: %s}
        detection:
          selection: %s
          condition: selection
        """
        .formatted(id, id, product, service, selection);
  }

  private final List<LiveRules.Outcome> outcomes = new ArrayList<>();

  private LiveRules startedWithAnOktaSigmaRule() throws IOException {
    Map<String, String> fixed = new LinkedHashMap<>(new RuleLoader().files(Optional.empty()));
    fixed.put("okta.yml", SigmaEngineTest.lockedOutRule());
    return new LiveRules(fixed, Map.of(), outcomes::add);
  }

  @Test
  void shouldRunAPushedSigmaRuleForAFeedSigmaRulesAlreadyRead() throws IOException {
    LiveRules rules = startedWithAnOktaSigmaRule();
    SigmaMatcher before = rules.current().sigma(SigmaFeed.OKTA_SYSTEM_LOG).matcher();

    LiveRules.Outcome outcome =
        rules.apply(
            "mfa-reset",
            detection(
                "2c4b6a8e-0f1d-4c3b-9a7e-5d6f7a8b9c01",
                "okta",
                "okta",
                "{eventType: user.mfa.factor.reset_all}"));

    assertThat(outcome.status()).isEqualTo(LiveRules.Status.ACTIVE);
    assertThat(outcome.rules()).containsExactly("2c4b6a8e-0f1d-4c3b-9a7e-5d6f7a8b9c01");
    assertThat(rules.current().all())
        .extracting(CompiledRule::id)
        .contains("2c4b6a8e-0f1d-4c3b-9a7e-5d6f7a8b9c01");
    // the feed's matcher is rebuilt with the rule set, and matches the pushed rule from now on
    SigmaMatcher after = rules.current().sigma(SigmaFeed.OKTA_SYSTEM_LOG).matcher();
    assertThat(after).isNotSameAs(before);
    ObjectNode reset =
        OktaEvents.adminEvent("ann@corp.example", Instant.parse("2024-05-02T12:00:00Z"));
    reset.put("eventType", "user.mfa.factor.reset_all");
    SigmaMatchState state = after.newState();
    assertThat(after.match(reset, state)).isTrue();
    int pushed =
        after.detections().stream()
            .map(SigmaRule::id)
            .toList()
            .indexOf("2c4b6a8e-0f1d-4c3b-9a7e-5d6f7a8b9c01");
    assertThat(state.matched(pushed)).isTrue();
    assertThat(before.match(reset, before.newState())).isFalse();
  }

  @Test
  void shouldRunAPushedSigmaRuleForAFeedNoSigmaRuleReadAtStart() throws IOException {
    LiveRules rules = startedWithAnOktaSigmaRule();

    LiveRules.Outcome outcome =
        rules.apply(
            "entra",
            detection(
                "2c4b6a8e-0f1d-4c3b-9a7e-5d6f7a8b9c02",
                "azure",
                "signinlogs",
                "{ResultType: 50126}"));

    // every feed's Sigma path is in the topology from the start (SluiceTopology)
    assertThat(outcome.status()).as(outcome.error()).isEqualTo(LiveRules.Status.ACTIVE);
    assertThat(rules.current().all())
        .extracting(CompiledRule::id)
        .contains("2c4b6a8e-0f1d-4c3b-9a7e-5d6f7a8b9c02");
    assertThat(outcomes).last().isEqualTo(outcome);
  }

  @Test
  void shouldRejectAPushedSigmaRuleWithAnUnknownLogsourceNamingTheEntry() throws IOException {
    LiveRules rules = startedWithAnOktaSigmaRule();

    LiveRules.Outcome outcome =
        rules.apply(
            "unknown",
            detection("2c4b6a8e-0f1d-4c3b-9a7e-5d6f7a8b9c03", "windows", "sysmon", "{EventID: 1}"));

    assertThat(outcome.status()).isEqualTo(LiveRules.Status.REJECTED);
    assertThat(outcome.error()).contains("sluice.rules[unknown]").contains("logsource");
    assertThat(rules.current().all())
        .extracting(CompiledRule::id)
        .doesNotContain("2c4b6a8e-0f1d-4c3b-9a7e-5d6f7a8b9c03");
  }
}
