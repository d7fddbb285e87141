package io.sluice.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.schemas.Alert;
import io.sluice.streams.testing.OktaEvents;
import io.sluice.streams.testing.SigmaTexts;
import io.sluice.streams.testing.TopologyHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rules change while the topology runs: an entry of {@code sluice.rules} adds, changes or removes
 * rules from the next record on; a bad entry is rejected with its reason and changes nothing.
 */
class LiveRulesTest {
  private static final Instant NOON = Instant.parse("2024-05-02T12:00:00Z");

  private static final String THREE_FAILURES =
      """
      rules:
        - id: ops.three-failures
          name: Three failed logons
          type: threshold
          input: authentication
          area: authentication
          severity: low
          where:
            status: FAILURE
          group_by: [user.name]
          count: events
          threshold: THRESHOLD
          window: 10m
          suppress: 10m
      """;

  private final List<LiveRules.Outcome> outcomes = new ArrayList<>();
  private LiveRules rules;
  private TopologyHarness pipeline;
  private TestInputTopic<String, String> topic;

  @BeforeEach
  void start() {
    rules = new LiveRules(new RuleLoader().files(Optional.empty()), Map.of(), outcomes::add);
    pipeline = new TopologyHarness(rules);
    topic =
        pipeline.driver.createInputTopic(
            RulesTopic.TOPIC, new StringSerializer(), new StringSerializer());
  }

  @AfterEach
  void stop() {
    pipeline.close();
  }

  private void failures(String user, int n, Instant from) {
    for (int i = 0; i < n; i++) {
      pipeline.sendOkta(OktaEvents.failedLogin(user, from.plusSeconds(10L * i)));
    }
  }

  private List<String> firedBy(String rule) {
    return pipeline.authAlerts.readValuesToList().stream()
        .filter(a -> a.getRule().getId().equals(rule))
        .map(Alert::getEntity)
        .map(e -> e.getValue())
        .toList();
  }

  @Test
  void shouldRunTheFirstSigmaRuleOfAFeedPublishedWhileRunning() {
    String rule = "5f1e0c2a-0000-4000-8000-00000000f003";
    failures("before@corp.example", 3, NOON);
    assertThat(pipeline.alerts(Rule.Area.SIGMA).readValuesToList()).isEmpty();

    topic.pipeInput("okta-sigma", SigmaTexts.failedOktaLogins(rule, 3));
    failures("during@corp.example", 3, NOON.plus(Duration.ofMinutes(1)));

    assertThat(outcomes)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.status()).as(o.error()).isEqualTo(LiveRules.Status.ACTIVE);
              assertThat(o.rules()).contains(rule);
            });
    assertThat(pipeline.alerts(Rule.Area.SIGMA).readValuesToList())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getRule().getId()).isEqualTo(rule);
              assertThat(a.getEntity().getValue()).isEqualTo("during@corp.example");
              assertThat(a.getEventCount()).isEqualTo(3);
            });
  }

  @Test
  void shouldFireARulePublishedWhileRunningAndStopItWhenDeleted() {
    failures("before@corp.example", 3, NOON);
    assertThat(firedBy("ops.three-failures")).isEmpty();

    topic.pipeInput("ops", THREE_FAILURES.replace("THRESHOLD", "3"));
    failures("during@corp.example", 3, NOON.plus(Duration.ofMinutes(1)));

    assertThat(firedBy("ops.three-failures")).containsExactly("during@corp.example");
    assertThat(outcomes)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.status()).isEqualTo(LiveRules.Status.ACTIVE);
              assertThat(o.rules()).containsExactly("ops.three-failures");
            });

    topic.pipeInput("ops", (String) null);
    failures("after@corp.example", 3, NOON.plus(Duration.ofMinutes(2)));

    assertThat(firedBy("ops.three-failures")).isEmpty();
    assertThat(outcomes)
        .last()
        .extracting(LiveRules.Outcome::status)
        .isEqualTo(LiveRules.Status.DELETED);
  }

  @Test
  void shouldKeepAKeysCountWhenOnlyTheThresholdChanges() {
    topic.pipeInput("ops", THREE_FAILURES.replace("THRESHOLD", "5"));
    failures("slow@corp.example", 3, NOON);
    assertThat(firedBy("ops.three-failures")).isEmpty();

    topic.pipeInput("ops", THREE_FAILURES.replace("THRESHOLD", "4"));
    failures("slow@corp.example", 1, NOON.plusSeconds(40));

    // the three failures counted under threshold 5 count under threshold 4: the fourth fires
    assertThat(firedBy("ops.three-failures")).containsExactly("slow@corp.example");
  }

  @Test
  void shouldRejectABadEntryNamingItAndKeepTheRulesRunning() {
    topic.pipeInput("ops", THREE_FAILURES.replace("THRESHOLD", "3"));
    topic.pipeInput("ops", THREE_FAILURES.replace("THRESHOLD", "0"));

    assertThat(outcomes)
        .last()
        .satisfies(
            o -> {
              assertThat(o.status()).isEqualTo(LiveRules.Status.REJECTED);
              assertThat(o.error())
                  .contains("sluice.rules[ops]")
                  .contains("ops.three-failures")
                  .contains("threshold");
            });
    // the accepted version still runs
    failures("still@corp.example", 3, NOON);
    assertThat(firedBy("ops.three-failures")).containsExactly("still@corp.example");
  }

  @Test
  void shouldRejectAnEntryThatRedefinesABuiltInRule() {
    String duplicate =
        THREE_FAILURES
            .replace("THRESHOLD", "3")
            .replace("ops.three-failures", "auth.failed-login-burst");

    topic.pipeInput("dup", duplicate);

    assertThat(outcomes)
        .last()
        .satisfies(
            o -> {
              assertThat(o.status()).isEqualTo(LiveRules.Status.REJECTED);
              assertThat(o.error()).contains("auth.failed-login-burst");
            });
    assertThat(rules.current().all()).extracting(CompiledRule::id).doesNotHaveDuplicates();
  }

  @Test
  void shouldTakeEntriesReadAtStartUp() {
    pipeline.close();
    outcomes.clear();
    rules =
        new LiveRules(
            new RuleLoader().files(Optional.empty()),
            Map.of("ops", THREE_FAILURES.replace("THRESHOLD", "3")),
            outcomes::add);
    pipeline = new TopologyHarness(rules);

    failures("early@corp.example", 3, NOON);

    assertThat(firedBy("ops.three-failures")).containsExactly("early@corp.example");
    assertThat(outcomes)
        .extracting(LiveRules.Outcome::status)
        .containsExactly(LiveRules.Status.ACTIVE);
  }

  @Test
  void shouldStopABuiltInRuleWhileDisabledAndRunItAgainOnceEnabled() {
    failures("first@corp.example", 10, NOON);
    assertThat(firedBy("auth.failed-login-burst")).containsExactly("first@corp.example");

    topic.pipeInput(
        LiveRules.disableKey("auth.failed-login-burst"),
        LiveRules.disableText("auth.failed-login-burst"));
    failures("disabled@corp.example", 10, NOON.plusSeconds(200));

    assertThat(firedBy("auth.failed-login-burst")).isEmpty();
    assertThat(outcomes)
        .last()
        .satisfies(
            o -> {
              assertThat(o.status()).isEqualTo(LiveRules.Status.ACTIVE);
              assertThat(o.rules()).containsExactly("auth.failed-login-burst");
            });

    topic.pipeInput(LiveRules.disableKey("auth.failed-login-burst"), (String) null);
    failures("enabled@corp.example", 10, NOON.plusSeconds(400));

    assertThat(firedBy("auth.failed-login-burst")).containsExactly("enabled@corp.example");
  }

  @Test
  void shouldRejectADisableOfARuleThatIsNotLoaded() {
    topic.pipeInput(LiveRules.disableKey("auth.no-such-rule"), LiveRules.disableText("x"));
    topic.pipeInput(
        LiveRules.disableKey("auth.no-such-rule"), LiveRules.disableText("auth.no-such-rule"));

    assertThat(outcomes)
        .extracting(LiveRules.Outcome::status)
        .containsOnly(LiveRules.Status.REJECTED);
    assertThat(outcomes.get(0).error())
        .contains("sluice.rules[disable:auth.no-such-rule]")
        .contains("disable: auth.no-such-rule");
    assertThat(outcomes.get(1).error()).contains("no rule with the id 'auth.no-such-rule'");
  }

  @Test
  void shouldDeleteADisabledLiveRuleLeavingItsDisableDormant() {
    topic.pipeInput("ops", THREE_FAILURES.replace("THRESHOLD", "3"));
    topic.pipeInput(
        LiveRules.disableKey("ops.three-failures"), LiveRules.disableText("ops.three-failures"));
    failures("disabled@corp.example", 3, NOON);
    assertThat(firedBy("ops.three-failures")).isEmpty();

    topic.pipeInput("ops", (String) null);
    topic.pipeInput("ops", THREE_FAILURES.replace("THRESHOLD", "3"));

    assertThat(outcomes)
        .extracting(LiveRules.Outcome::status)
        .containsExactly(
            LiveRules.Status.ACTIVE,
            LiveRules.Status.ACTIVE,
            LiveRules.Status.DELETED,
            LiveRules.Status.ACTIVE);
    // pushed again, the rule is still disabled until enabled
    failures("again@corp.example", 3, NOON.plusSeconds(60));
    assertThat(firedBy("ops.three-failures")).isEmpty();
  }

  @Test
  void shouldKeepTheOtherEntriesRunningWhenOneIsDeleted() {
    topic.pipeInput("ops", THREE_FAILURES.replace("THRESHOLD", "3"));
    topic.pipeInput(
        "other",
        THREE_FAILURES.replace("ops.three-failures", "ops.other").replace("THRESHOLD", "2"));

    topic.pipeInput("ops", (String) null);
    failures("ann@corp.example", 3, NOON);

    assertThat(pipeline.authAlerts.readValuesToList())
        .extracting(a -> a.getRule().getId())
        .containsExactly("ops.other");
  }
}
