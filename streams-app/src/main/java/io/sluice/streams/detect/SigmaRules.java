package io.sluice.streams.detect;

import io.sluice.streams.sigma.SigmaCorrelationRule;
import io.sluice.streams.sigma.SigmaCorrelationRule.Reference;
import io.sluice.streams.sigma.SigmaCorrelationRule.Type;
import io.sluice.streams.sigma.SigmaDetectionRule;
import io.sluice.streams.sigma.SigmaRule;
import io.sluice.streams.sigma.SigmaRuleSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns loaded Sigma rules into engine rules, so they run on the same processors, slots, clocks,
 * suppression and alert ids as Sluice's own (docs/sigma.md, "Engine"). The rules that alert on
 * their own become engine rules, and so does every correlation they are built on (chaining), which
 * then runs without alerting unless it alerts on its own; detection rules a correlation references
 * feed its steps.
 *
 * <ul>
 *   <li>a detection rule: a threshold of one matching event per principal, window and suppression
 *       {@link #DETECTION_WINDOW};
 *   <li>{@code event_count} / {@code value_count}: a threshold (of events / distinct values) over
 *       {@code timespan}, grouped by {@code group-by};
 *   <li>{@code temporal}: a threshold of distinct referenced rules seen (each match counting its
 *       rule's id as the value) over {@code timespan};
 *   <li>{@code temporal_ordered} of two rules: a sequence within {@code timespan}; its first rule
 *       may itself be an {@code event_count} or {@code value_count} (the specification's chained
 *       example), which becomes step A's threshold;
 *   <li>{@code temporal_ordered} of three or more rules: a chain, one step per rule, the first
 *       event at most {@code timespan} before the last;
 *   <li>{@code event_count}, {@code value_count} or {@code temporal} with an upper bound ({@code
 *       lt}, {@code lte}, {@code eq}, a range): windows decided when they close, since a count
 *       passes through every value on its way up ({@link UpperBounds} says what is refused).
 * </ul>
 *
 * A referenced correlation other than a first-step count of a two-rule {@code temporal_ordered}
 * feeds the rule built on it through its decisions: each is one event of that step, for the same
 * key, at the decision's window end ({@link SigmaBinding.Chained}); so both must group by the same
 * fields. Anything else is reported as a problem naming file and rule, so it stops start-up rather
 * than never firing.
 */
final class SigmaRules {
  /**
   * A detection rule's window and suppression: one alert per rule and principal per minute at most,
   * and state of at most one bucket per minute of grace.
   */
  static final Duration DETECTION_WINDOW = Duration.ofMinutes(1);

  static final Duration GRACE = Duration.ofHours(1);

  /** The most rules a temporal_ordered correlation may chain (a sighting's step is 7 bits). */
  static final int MAX_STEPS = 64;

  private final SigmaRuleSet sigma;
  private final Map<String, Rule> built = new LinkedHashMap<>();

  private SigmaRules(SigmaRuleSet sigma) {
    this.sigma = sigma;
  }

  /** The engine rules of the Sigma rules that alert; what cannot run is added to problems. */
  static List<Rule> of(SigmaRuleSet sigma, List<String> problems) {
    SigmaRules rules = new SigmaRules(sigma);
    for (SigmaRule rule : sigma.alertingRules()) {
      try {
        rules.build(rule);
      } catch (Unsupported e) {
        problems.add(
            e.rule.origin()
                + ": rule '"
                + e.rule.id()
                + "': key '"
                + e.key
                + "': "
                + e.getMessage()
                + " (docs/sigma.md, \"Engine\")");
      }
    }
    return List.copyOf(rules.built.values());
  }

  /** Builds a rule (once) and every correlation it is built on. */
  private void build(SigmaRule rule) {
    if (built.containsKey(rule.id())) {
      return;
    }
    Rule engine;
    try {
      engine =
          rule instanceof SigmaDetectionRule d
              ? detection(d)
              : correlation((SigmaCorrelationRule) rule);
    } catch (Unsupported e) {
      throw e.rule == null ? e.of(rule) : e;
    }
    built.put(rule.id(), engine);
  }

  private static Rule detection(SigmaDetectionRule d) {
    SigmaBinding binding =
        new SigmaBinding(
            d,
            List.of(new SigmaBinding.Feed(d, 0, List.of(), Optional.empty())),
            SigmaBinding.PRINCIPAL);
    return rule(
        d,
        Rule.Type.THRESHOLD,
        List.of(numbers(1, DETECTION_WINDOW)),
        DETECTION_WINDOW,
        DETECTION_WINDOW,
        binding);
  }

  private Rule correlation(SigmaCorrelationRule c) {
    if (c.condition().hasUpperBound()) {
      UpperBounds.check(c);
    }
    Bound bound = new Bound(c);
    Duration timespan = c.timespan();
    return switch (c.type()) {
      case EVENT_COUNT, VALUE_COUNT -> {
        for (int i = 0; i < c.rules().size(); i++) {
          Reference r = c.rules().get(i);
          if (r.detection().isPresent()) {
            bound.feeds.add(feed(r, 0));
          } else if (c.type() == Type.VALUE_COUNT) {
            throw new Unsupported(
                "correlation.rules[" + i + "]",
                "'"
                    + r.written()
                    + "' is a correlation: a value_count over a correlation has no field to count");
          } else {
            bound.chain(r, 0, Optional.empty());
          }
        }
        yield bound.rule(
            Rule.Type.THRESHOLD, List.of(numbers(threshold(c), timespan)), timespan, timespan);
      }
      case TEMPORAL -> {
        for (int i = 0; i < c.rules().size(); i++) {
          Reference r = c.rules().get(i);
          Optional<String> label = Optional.of(r.target().id());
          if (r.detection().isPresent()) {
            SigmaDetectionRule d = r.detection().get();
            bound.feeds.add(
                new SigmaBinding.Feed(d, 0, r.groupByFields(), Optional.empty(), label));
          } else {
            bound.chain(r, 0, label);
          }
        }
        yield bound.rule(
            Rule.Type.THRESHOLD, List.of(numbers(threshold(c), timespan)), timespan, timespan);
      }
      case TEMPORAL_ORDERED -> ordered(c, bound);
      default ->
          throw new Unsupported(
              "correlation.type", "'" + c.type().sigmaName() + "' is not run by the engine yet");
    };
  }

  /**
   * temporal_ordered: one step per rule; of two rules whose first is a count correlation, that
   * count is step A's threshold (the specification's example), run in the sequence's own state.
   */
  private Rule ordered(SigmaCorrelationRule c, Bound bound) {
    if (c.rules().size() > MAX_STEPS) {
      throw new Unsupported(
          "correlation.rules", "temporal_ordered of more than " + MAX_STEPS + " rules");
    }
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < c.rules().size(); i++) {
      Reference r = c.rules().get(i);
      if (r.detection().isPresent()) {
        bound.feeds.add(feed(r, i));
        steps.add(numbers(1, c.timespan()));
      } else if (i == 0 && c.rules().size() == 2 && isCount(r)) {
        SigmaCorrelationRule inner = (SigmaCorrelationRule) r.target();
        sameGroupBy(r, inner);
        for (Reference counted : inner.rules()) {
          if (counted.detection().isEmpty()) {
            throw new Unsupported(
                "correlation.rules[0]",
                "'"
                    + r.written()
                    + "' counts a correlation: the first step of a two-rule temporal_ordered"
                    + " counts detection rules only");
          }
          bound.feeds.add(feed(counted, 0));
        }
        steps.add(numbers(threshold(inner), inner.timespan()));
      } else {
        bound.chain(r, i, Optional.empty());
        steps.add(numbers(1, c.timespan()));
      }
    }
    return bound.rule(Rule.Type.SEQUENCE, steps, c.timespan(), c.timespan());
  }

  private static boolean isCount(Reference r) {
    return r.target() instanceof SigmaCorrelationRule inner
        && (inner.type() == Type.EVENT_COUNT || inner.type() == Type.VALUE_COUNT)
        && !inner.condition().hasUpperBound();
  }

  /** A chained correlation's decisions are keyed by its group-by: the outer one must read it. */
  private static void sameGroupBy(Reference r, SigmaCorrelationRule inner) {
    if (!inner.groupBy().equals(r.groupBy())) {
      throw new Unsupported(
          "correlation.group-by",
          "must name the group-by of '" + r.written() + "' (" + inner.groupBy() + ")");
    }
  }

  /** The binding of one correlation while it is built. */
  private final class Bound {
    final SigmaCorrelationRule c;
    final List<SigmaBinding.Feed> feeds = new ArrayList<>();
    final List<SigmaBinding.Chained> chained = new ArrayList<>();

    Bound(SigmaCorrelationRule c) {
      this.c = c;
    }

    /** A referenced correlation feeding a step through its decisions, built as its own rule. */
    void chain(Reference r, int step, Optional<String> label) {
      SigmaCorrelationRule inner = (SigmaCorrelationRule) r.target();
      UpperBounds.notChained(c, r);
      sameGroupBy(r, inner);
      build(inner); // what it cannot run is reported of it, by its own file and id
      chained.add(new SigmaBinding.Chained(inner.id(), step, label));
    }

    Rule rule(Rule.Type type, List<Step> steps, Duration within, Duration suppress) {
      SigmaBinding binding =
          new SigmaBinding(
              c, feeds, String.join("+", c.groupBy()), chained, sigma.alertsOnItsOwn(c));
      return SigmaRules.rule(c, type, steps, within, suppress, binding);
    }
  }

  private static SigmaBinding.Feed feed(Reference r, int step) {
    SigmaDetectionRule d = r.detection().orElseThrow();
    return new SigmaBinding.Feed(d, step, r.groupByFields(), r.valueField().map(d::field));
  }

  private static int threshold(SigmaCorrelationRule c) {
    long lower = c.condition().lowerBound();
    if (lower > Integer.MAX_VALUE) {
      throw new Unsupported("correlation.condition", "a count above " + Integer.MAX_VALUE);
    }
    return (int) lower;
  }

  /** A Sigma step: numbers only; what it matches is in the rule's binding. */
  private static Step numbers(int threshold, Duration window) {
    return new Step(null, List.of(), List.of(), Optional.empty(), threshold, window);
  }

  private static Rule rule(
      SigmaRule sigma,
      Rule.Type type,
      List<Step> steps,
      Duration within,
      Duration suppress,
      SigmaBinding binding) {
    return new Rule(
        sigma.id(),
        sigma.title(),
        1,
        sigma.metadata().description().orElse(""),
        type,
        Rule.Area.SIGMA,
        sigma.severity(),
        Optional.empty(),
        sigma.attack(),
        steps,
        within,
        suppress,
        GRACE,
        Optional.empty(),
        sigma.origin(),
        Optional.of(binding));
  }

  /** A Sigma rule the engine does not run. */
  static final class Unsupported extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String key;
    private final SigmaRule rule;

    Unsupported(String key, String message) {
      this(key, message, null);
    }

    private Unsupported(String key, String message, SigmaRule rule) {
      super(message);
      this.key = key;
      this.rule = rule;
    }

    /** The same problem, of the rule being built. */
    Unsupported of(SigmaRule rule) {
      return new Unsupported(key, getMessage(), rule);
    }
  }
}
