package io.sluice.streams.detect;

import io.sluice.streams.sigma.SigmaCorrelationRule;
import io.sluice.streams.sigma.SigmaCorrelationRule.Reference;
import io.sluice.streams.sigma.SigmaCorrelationRule.Type;
import io.sluice.streams.sigma.SigmaDetectionRule;
import io.sluice.streams.sigma.SigmaRule;
import io.sluice.streams.sigma.SigmaRuleSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns loaded Sigma rules into engine rules, so they run on the same processors, slots, clocks,
 * suppression and alert ids as Sluice's own (docs/sigma.md, "Engine"). Only the rules that alert on
 * their own become engine rules; the rules they reference feed their steps.
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
 *   <li>{@code temporal_ordered} of three or more detection rules: a chain, one step per rule, the
 *       first event at most {@code timespan} before the last.
 * </ul>
 *
 * Anything else is reported as a problem naming file and rule, so it stops start-up rather than
 * never firing.
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

  private SigmaRules() {}

  /** The engine rules of the Sigma rules that alert; what cannot run is added to problems. */
  static List<Rule> of(SigmaRuleSet sigma, List<String> problems) {
    List<Rule> rules = new ArrayList<>();
    for (SigmaRule rule : sigma.alertingRules()) {
      try {
        rules.add(
            rule instanceof SigmaDetectionRule d
                ? detection(d)
                : correlation((SigmaCorrelationRule) rule));
      } catch (Unsupported e) {
        problems.add(
            rule.origin()
                + ": rule '"
                + rule.id()
                + "': key '"
                + e.key
                + "': "
                + e.getMessage()
                + " (docs/sigma.md, \"Engine\")");
      }
    }
    return rules;
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

  private static Rule correlation(SigmaCorrelationRule c) {
    if (c.condition().hasUpperBound()) {
      throw new Unsupported(
          "correlation.condition",
          "an upper bound (lt, lte, eq) is not run by the engine: a sliding window passes through"
              + " every count on its way up");
    }
    String entityType = String.join("+", c.groupBy());
    Duration timespan = c.timespan();
    return switch (c.type()) {
      case EVENT_COUNT, VALUE_COUNT -> {
        List<SigmaBinding.Feed> feeds = new ArrayList<>();
        addCounted(c, 0, c.groupBy(), feeds);
        yield rule(
            c,
            Rule.Type.THRESHOLD,
            List.of(numbers(threshold(c), timespan)),
            timespan,
            timespan,
            new SigmaBinding(c, feeds, entityType));
      }
      case TEMPORAL -> temporal(c, entityType);
      case TEMPORAL_ORDERED ->
          c.rules().size() == 2 ? ordered(c, entityType) : chain(c, entityType);
      default ->
          throw new Unsupported(
              "correlation.type", "'" + c.type().sigmaName() + "' is not run by the engine yet");
    };
  }

  /**
   * temporal: a threshold of distinct referenced rules seen within the timespan, each rule's
   * matches counting its id as the value (so the state is the value count's, bounded by the number
   * of rules, never by the events).
   */
  private static Rule temporal(SigmaCorrelationRule c, String entityType) {
    List<SigmaBinding.Feed> feeds = new ArrayList<>();
    for (int i = 0; i < c.rules().size(); i++) {
      Reference r = c.rules().get(i);
      SigmaDetectionRule d = detectionOf(r, i, "temporal");
      feeds.add(
          new SigmaBinding.Feed(
              d, 0, r.groupByFields(), Optional.empty(), Optional.of(r.target().id())));
    }
    return rule(
        c,
        Rule.Type.THRESHOLD,
        List.of(numbers(threshold(c), c.timespan())),
        c.timespan(),
        c.timespan(),
        new SigmaBinding(c, feeds, entityType));
  }

  /** temporal_ordered of three or more detection rules: one step per rule, in order. */
  private static Rule chain(SigmaCorrelationRule c, String entityType) {
    if (c.rules().size() > MAX_STEPS) {
      throw new Unsupported(
          "correlation.rules", "temporal_ordered of more than " + MAX_STEPS + " rules");
    }
    List<SigmaBinding.Feed> feeds = new ArrayList<>();
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < c.rules().size(); i++) {
      Reference r = c.rules().get(i);
      detectionOf(r, i, "temporal_ordered of more than two");
      feeds.add(feed(r, i));
      steps.add(numbers(1, c.timespan()));
    }
    return rule(
        c,
        Rule.Type.SEQUENCE,
        steps,
        c.timespan(),
        c.timespan(),
        new SigmaBinding(c, feeds, entityType));
  }

  private static SigmaDetectionRule detectionOf(Reference r, int index, String kind) {
    return r.detection()
        .orElseThrow(
            () ->
                new Unsupported(
                    "correlation.rules[" + index + "]",
                    "'"
                        + r.written()
                        + "' is a correlation: a "
                        + kind
                        + " correlation over a correlation is not run yet"));
  }

  /** temporal_ordered [A, B]: a sequence; A may be a count correlation (step A's threshold). */
  private static Rule ordered(SigmaCorrelationRule c, String entityType) {
    List<SigmaBinding.Feed> feeds = new ArrayList<>();
    Reference a = c.rules().get(0);
    Reference b = c.rules().get(1);
    Step first;
    if (a.target() instanceof SigmaCorrelationRule inner) {
      if (inner.type() != Type.EVENT_COUNT && inner.type() != Type.VALUE_COUNT
          || inner.condition().hasUpperBound()) {
        throw new Unsupported(
            "correlation.rules[0]",
            "the first rule of a temporal_ordered correlation may be a detection, or an event_count"
                + " or value_count without an upper bound");
      }
      if (!inner.groupBy().equals(a.groupBy())) {
        throw new Unsupported(
            "correlation.group-by",
            "must name the group-by of '" + a.written() + "' (" + inner.groupBy() + ")");
      }
      addCounted(inner, 0, inner.groupBy(), feeds);
      first = numbers(threshold(inner), inner.timespan());
    } else {
      feeds.add(feed(a, 0));
      first = numbers(1, c.timespan());
    }
    if (b.detection().isEmpty()) {
      throw new Unsupported(
          "correlation.rules[1]",
          "the last rule of a temporal_ordered correlation must be a detection");
    }
    feeds.add(feed(b, 1));
    return rule(
        c,
        Rule.Type.SEQUENCE,
        List.of(first, numbers(1, c.timespan())),
        c.timespan(),
        c.timespan(),
        new SigmaBinding(c, feeds, entityType));
  }

  /** The detection rules of a count correlation, each feeding the step. */
  private static void addCounted(
      SigmaCorrelationRule c, int step, List<String> groupBy, List<SigmaBinding.Feed> feeds) {
    for (Reference r : c.rules()) {
      if (r.detection().isEmpty()) {
        throw new Unsupported(
            "correlation.rules",
            "'" + r.written() + "' is a correlation: a count over a correlation is not run yet");
      }
      feeds.add(feed(r, step));
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
  private static final class Unsupported extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String key;

    Unsupported(String key, String message) {
      super(message);
      this.key = key;
    }
  }
}
