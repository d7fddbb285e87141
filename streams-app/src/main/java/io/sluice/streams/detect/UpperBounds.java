package io.sluice.streams.detect;

import io.sluice.streams.sigma.SigmaCorrelationRule;
import io.sluice.streams.sigma.SigmaCorrelationRule.Reference;
import io.sluice.streams.sigma.SigmaCorrelationRule.Type;

/**
 * What the engine runs of a correlation with an upper bound ({@code lt}, {@code lte}, {@code eq}, a
 * range), decided when its window closes (docs/sigma.md, "Upper bounds"): an {@code event_count},
 * {@code value_count} or {@code temporal} over detection rules, with a bound small enough to count
 * exactly. Anything else is refused at load, naming the key, by {@link SigmaRules}.
 */
final class UpperBounds {
  /**
   * The largest upper bound run: a window keeps a fingerprint per event up to the bound, so this
   * keeps a key's record far below Kafka's record limit (16 open windows of 1,001 fingerprints).
   */
  static final long MAX_UPPER = 1_000;

  private UpperBounds() {}

  /** Refuses a correlation with an upper bound the engine cannot decide at window close. */
  static void check(SigmaCorrelationRule c) {
    // temporal_ordered with an upper bound is refused by the parser: it needs every rule, in order
    if (c.type() != Type.EVENT_COUNT && c.type() != Type.VALUE_COUNT && c.type() != Type.TEMPORAL) {
      return; // refused by type
    }
    long upper = c.condition().upperBound().orElseThrow();
    if (upper > MAX_UPPER) {
      throw new SigmaRules.Unsupported(
          "correlation.condition",
          "an upper bound of "
              + upper
              + " is above the "
              + MAX_UPPER
              + " the engine counts exactly per window");
    }
    for (int i = 0; i < c.rules().size(); i++) {
      Reference r = c.rules().get(i);
      if (r.detection().isEmpty()) {
        throw new SigmaRules.Unsupported(
            "correlation.rules[" + i + "]",
            "'"
                + r.written()
                + "' is a correlation: a correlation with an upper bound counts detection rules"
                + " only");
      }
    }
  }

  /**
   * Refuses an upper-bound correlation as a step of another: it is decided only when its window
   * closes, a grace after its end, so it cannot feed a rule that decides on events.
   */
  static void notChained(SigmaCorrelationRule outer, Reference r) {
    if (r.target() instanceof SigmaCorrelationRule inner && inner.condition().hasUpperBound()) {
      throw new SigmaRules.Unsupported(
          "correlation.rules[" + outer.rules().indexOf(r) + "]",
          "'"
              + r.written()
              + "' has an upper bound: it is decided when its window closes, and cannot be a step"
              + " of another correlation");
    }
  }
}
