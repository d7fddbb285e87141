package io.sluice.streams.sigma;

import static io.sluice.streams.sigma.SigmaRecords.oktaFailedLogin;
import static io.sluice.streams.sigma.SigmaRecords.oktaRule;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/**
 * Every construct of a detection's condition, on Okta records whose fields {@code a}, {@code b},
 * {@code c} (under {@code debugContext.debugData}) switch the selections on and off.
 */
class SigmaConditionTest {
  private static final String SELECTIONS =
      """
      sel_a:
        debugContext.debugData.a: 'on'
      sel_b:
        debugContext.debugData.b: 'on'
      filter_c:
        debugContext.debugData.c: 'on'
      _hidden:
        debugContext.debugData.hidden: 'on'
      """;

  private static SigmaDetectionRule withCondition(String condition) {
    return oktaRule(SELECTIONS + "condition: " + condition + "\n");
  }

  /** An Okta record with the named switches on. */
  private static ObjectNode on(String... switches) {
    ObjectNode event = oktaFailedLogin();
    ObjectNode debugData = (ObjectNode) event.at("/debugContext/debugData");
    for (String s : switches) {
      debugData.put(s, "on");
    }
    return event;
  }

  @Test
  void shouldCombineWithAndOrNot() {
    SigmaDetectionRule and = withCondition("sel_a and sel_b");
    SigmaDetectionRule or = withCondition("sel_a or sel_b");
    SigmaDetectionRule not = withCondition("sel_a and not filter_c");

    assertThat(and.matches(on("a", "b"))).isTrue();
    assertThat(and.matches(on("a"))).isFalse();
    assertThat(or.matches(on("b"))).isTrue();
    assertThat(or.matches(on("c"))).isFalse();
    assertThat(not.matches(on("a"))).isTrue();
    assertThat(not.matches(on("a", "c"))).isFalse();
  }

  @Test
  void shouldBindAndTighterThanOrAndNotTighterThanAnd() {
    // sel_a or (sel_b and filter_c); then (not sel_a) and sel_b
    SigmaDetectionRule precedence = withCondition("sel_a or sel_b and filter_c");
    SigmaDetectionRule notBinds = withCondition("not sel_a and sel_b");

    assertThat(precedence.matches(on("a"))).isTrue();
    assertThat(precedence.matches(on("b"))).isFalse();
    assertThat(precedence.matches(on("b", "c"))).isTrue();
    assertThat(notBinds.matches(on("b"))).isTrue();
    assertThat(notBinds.matches(on("a", "b"))).isFalse();
  }

  @Test
  void shouldGroupWithParentheses() {
    SigmaDetectionRule grouped = withCondition("(sel_a or sel_b) and not (filter_c)");

    assertThat(grouped.matches(on("b"))).isTrue();
    assertThat(grouped.matches(on("b", "c"))).isFalse();
    assertThat(grouped.matches(on("c"))).isFalse();
  }

  @Test
  void shouldMatchOneOfAPattern() {
    SigmaDetectionRule rule = withCondition("1 of sel_* and not 1 of filter_*");

    assertThat(rule.matches(on("b"))).isTrue();
    assertThat(rule.matches(on("a", "c"))).isFalse();
    assertThat(rule.matches(on())).isFalse();
  }

  @Test
  void shouldMatchAllOfAPattern() {
    SigmaDetectionRule rule = withCondition("all of sel_*");

    assertThat(rule.matches(on("a", "b"))).isTrue();
    assertThat(rule.matches(on("a"))).isFalse();
  }

  @Test
  void shouldLeaveUnderscoreSelectionsOutOfThem() {
    SigmaDetectionRule one = withCondition("1 of them");
    SigmaDetectionRule all = withCondition("all of them");

    assertThat(one.matches(on("c"))).isTrue();
    assertThat(one.matches(on("hidden"))).isFalse();
    assertThat(all.matches(on("a", "b", "c"))).as("_hidden not needed").isTrue();
    assertThat(all.matches(on("a", "b", "hidden"))).isFalse();
  }

  @Test
  void shouldReadKeywordsInAnyCase() {
    SigmaDetectionRule rule = withCondition("sel_a AND NOT filter_c Or sel_b");

    assertThat(rule.matches(on("a"))).isTrue();
    assertThat(rule.matches(on("a", "c"))).isFalse();
    assertThat(rule.matches(on("b", "c"))).isTrue();
  }

  @Test
  void shouldOrAListOfConditions() {
    SigmaDetectionRule rule =
        oktaRule(SELECTIONS + "condition:\n  - sel_a and filter_c\n  - sel_b\n");

    assertThat(rule.matches(on("a", "c"))).isTrue();
    assertThat(rule.matches(on("b"))).isTrue();
    assertThat(rule.matches(on("a"))).isFalse();
  }

  @Test
  void shouldTreatOneOfASingleNameAsThatSelection() {
    SigmaDetectionRule rule = withCondition("1 of sel_a");

    assertThat(rule.matches(on("a"))).isTrue();
    assertThat(rule.matches(on("b"))).isFalse();
  }
}
