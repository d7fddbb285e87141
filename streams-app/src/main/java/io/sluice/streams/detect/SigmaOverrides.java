package io.sluice.streams.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.schemas.Severity;
import io.sluice.streams.config.Durations;
import io.sluice.streams.sigma.SigmaCorrelationRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Sluice's {@code overrides} applied to Sigma rules by their id (docs/sigma.md, "Overrides"), so an
 * operator tunes a SigmaHQ rule without editing the file the DRL asks to keep as published.
 *
 * <ul>
 *   <li>{@code enabled: false}: the rule raises no alert; a correlation built on it still gets its
 *       decisions (it runs silently), else it stops running;
 *   <li>{@code severity}, {@code suppress}, {@code max_alerts_per_hour}: any Sigma rule;
 *   <li>{@code threshold}, {@code window}: an {@code event_count}, {@code value_count} or {@code
 *       temporal} correlation — its count and its {@code timespan} (which is also its suppression,
 *       unless {@code suppress} is given).
 * </ul>
 */
final class SigmaOverrides {
  static final Set<String> KEYS =
      Set.of("id", "enabled", "severity", "threshold", "window", "suppress", "max_alerts_per_hour");

  /** One override of a Sigma rule, with the file it came from. */
  record Override(String origin, ObjectNode node) {}

  private SigmaOverrides() {}

  /** The rules with their overrides applied; an override naming no rule is a problem. */
  static List<Rule> apply(List<Rule> rules, List<Override> overrides, List<String> problems) {
    Map<String, Rule> byId = new LinkedHashMap<>();
    rules.forEach(r -> byId.put(r.id(), r));
    for (Override o : overrides) {
      String id = o.node().path("id").asText();
      String where = o.origin() + ": override '" + id + "'";
      Rule rule = byId.get(id);
      if (rule == null) {
        problems.add(where + ": key 'id': no rule with this id");
        continue;
      }
      int before = problems.size();
      Rule changed = override(rule, o, where, problems);
      if (problems.size() == before) {
        byId.put(id, changed);
      }
    }
    List<Rule> out = new ArrayList<>();
    for (Rule r : byId.values()) {
      // a disabled rule nothing is built on need not run at all
      if (r.alerts() || isBuiltOn(r, byId.values())) {
        out.add(r);
      }
    }
    return out;
  }

  private static boolean isBuiltOn(Rule rule, Iterable<Rule> rules) {
    for (Rule r : rules) {
      if (r.sigma().isPresent()
          && r.sigma().get().chained().stream().anyMatch(c -> c.rule().equals(rule.id()))) {
        return true;
      }
    }
    return false;
  }

  private static Rule override(Rule rule, Override o, String where, List<String> problems) {
    ObjectNode node = o.node();
    SigmaBinding binding = rule.sigma().orElseThrow();
    boolean counts =
        binding.source() instanceof SigmaCorrelationRule c
            && c.type() != SigmaCorrelationRule.Type.TEMPORAL_ORDERED;
    for (String key : RuleLoader.fieldNames(node)) {
      if (!KEYS.contains(key)) {
        problems.add(
            where
                + ": key '"
                + key
                + "': cannot be overridden on a Sigma rule (allowed: "
                + String.join(", ", KEYS.stream().sorted().toList())
                + ")");
      } else if (key.equals("threshold") && binding.upperBound().isPresent()) {
        problems.add(
            where
                + ": key 'threshold': the count of a correlation with an upper bound is its"
                + " condition's range (lt, lte, eq): change the rule's condition instead");
      } else if ((key.equals("threshold") || key.equals("window")) && !counts) {
        problems.add(
            where
                + ": key '"
                + key
                + "': only an event_count, value_count or temporal correlation has a "
                + (key.equals("threshold") ? "count" : "timespan")
                + " to override");
      }
    }
    boolean alerts = binding.alerts();
    JsonNode enabled = node.get("enabled");
    if (enabled != null) {
      if (!enabled.isBoolean()) {
        problems.add(where + ": key 'enabled': must be true or false");
      } else {
        alerts = enabled.booleanValue();
      }
    }
    Severity severity = rule.severity();
    if (node.hasNonNull("severity")) {
      try {
        severity = Severity.valueOf(node.get("severity").asText().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add(
            where
                + ": key 'severity': '"
                + node.get("severity").asText()
                + "' is not a severity (informational, low, medium, high, critical)");
      }
    }
    Step step = rule.first();
    int threshold = step.threshold();
    if (counts && node.has("threshold")) {
      JsonNode t = node.get("threshold");
      int most =
          ((SigmaCorrelationRule) binding.source()).type() == SigmaCorrelationRule.Type.TEMPORAL
              ? ((SigmaCorrelationRule) binding.source()).rules().size()
              : Integer.MAX_VALUE;
      if (!t.isInt() || t.intValue() < 1 || t.intValue() > most) {
        problems.add(
            where + ": key 'threshold': must be a whole number from 1 to " + most + ", got " + t);
      } else {
        threshold = t.intValue();
      }
    }
    Duration window = rule.window();
    if (counts && node.has("window")) {
      window = duration(node, "window", where, problems).orElse(window);
    }
    Duration suppress = node.has("window") ? window : rule.suppress();
    if (node.has("suppress")) {
      suppress = duration(node, "suppress", where, problems).orElse(suppress);
    }
    Optional<Integer> cap = rule.maxAlertsPerHour();
    if (node.has("max_alerts_per_hour")) {
      JsonNode m = node.get("max_alerts_per_hour");
      if (!m.isInt() || m.intValue() < 1) {
        problems.add(where + ": key 'max_alerts_per_hour': must be a whole number of 1 or more");
      } else {
        cap = Optional.of(m.intValue());
      }
    }
    List<Step> steps = new ArrayList<>(rule.steps());
    steps.set(
        0,
        new Step(
            step.input(),
            step.where(),
            step.groupBy(),
            step.distinctField(),
            threshold,
            counts ? window : step.window()));
    return new Rule(
        rule.id(),
        rule.name(),
        rule.version(),
        rule.description(),
        rule.type(),
        rule.area(),
        severity,
        rule.severityVip(),
        rule.attack(),
        steps,
        counts ? window : rule.within(),
        suppress,
        rule.grace(),
        cap,
        rule.origin() + " (overridden by " + o.origin() + ")",
        Optional.of(
            new SigmaBinding(
                binding.source(),
                binding.feeds(),
                binding.entityType(),
                binding.chained(),
                alerts)));
  }

  private static Optional<Duration> duration(
      ObjectNode node, String key, String where, List<String> problems) {
    String text = node.get(key).asText();
    Optional<Duration> parsed = Durations.parse(text);
    if (parsed.isEmpty() || parsed.get().isNegative() || parsed.get().isZero()) {
      problems.add(
          where
              + ": key '"
              + key
              + "': '"
              + text
              + "' is not a positive duration (use 30s, 10m, 1h, 7d or ISO-8601 like PT10M)");
      return Optional.empty();
    }
    return parsed;
  }
}
