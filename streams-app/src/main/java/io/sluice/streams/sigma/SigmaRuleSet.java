package io.sluice.streams.sigma;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Sigma rules of one or more files, loaded and resolved: detection rules by feed, correlation
 * rules with their references, and which rules alert on their own ({@code generate}).
 */
public final class SigmaRuleSet {
  private static final SigmaRuleSet EMPTY = new SigmaRuleSet(List.of());

  private final List<SigmaRule> rules;
  private final Map<String, SigmaRule> byId = new LinkedHashMap<>();
  private final Map<String, List<SigmaCorrelationRule>> usedBy = new LinkedHashMap<>();

  SigmaRuleSet(List<SigmaRule> rules) {
    this.rules = List.copyOf(rules);
    for (SigmaRule rule : rules) {
      byId.put(rule.id(), rule);
      if (rule instanceof SigmaCorrelationRule c) {
        for (SigmaCorrelationRule.Reference r : c.rules()) {
          usedBy.computeIfAbsent(r.target().id(), k -> new ArrayList<>()).add(c);
        }
      }
    }
  }

  public static SigmaRuleSet empty() {
    return EMPTY;
  }

  /** Every rule, in file and document order. */
  public List<SigmaRule> rules() {
    return rules;
  }

  public List<SigmaDetectionRule> detectionRules() {
    return ofType(SigmaDetectionRule.class);
  }

  /** The detection rules that read one feed: what a processor of its raw topic runs. */
  public List<SigmaDetectionRule> detectionRules(SigmaFeed feed) {
    return detectionRules().stream().filter(d -> d.feed() == feed).toList();
  }

  public List<SigmaCorrelationRule> correlationRules() {
    return ofType(SigmaCorrelationRule.class);
  }

  private <T extends SigmaRule> List<T> ofType(Class<T> type) {
    return rules.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** The rule with this id (or, for a rule without id, this name). */
  public Optional<SigmaRule> rule(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /**
   * Whether the rule raises alerts of its own: a rule no correlation references always does; a
   * referenced rule (a detection or a chained correlation) only when one of the correlations
   * referencing it says {@code generate: true}.
   */
  public boolean alertsOnItsOwn(SigmaRule rule) {
    List<SigmaCorrelationRule> users = usedBy.getOrDefault(rule.id(), List.of());
    return users.isEmpty() || users.stream().anyMatch(SigmaCorrelationRule::generate);
  }

  /** The rules that raise alerts of their own, in load order. */
  public List<SigmaRule> alertingRules() {
    return rules.stream().filter(this::alertsOnItsOwn).toList();
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }
}
