package io.sluice.streams.detect;

import java.util.Objects;
import java.util.Optional;

/**
 * What a sequence rule remembers for one group key: the events of step A and of step B still inside
 * the horizon, and the earliest B time a new alert may have (suppression).
 */
final class SequenceState {
  private final RuleState first;
  private final RuleState then;
  private long lowerBound;

  SequenceState() {
    this(new RuleState(), new RuleState(), RuleState.NO_BOUND);
  }

  SequenceState(RuleState first, RuleState then, long lowerBound) {
    this.first = first;
    this.then = then;
    this.lowerBound = lowerBound;
  }

  RuleState first() {
    return first;
  }

  RuleState then() {
    return then;
  }

  long lowerBound() {
    return lowerBound;
  }

  void suppressUntil(long bound) {
    lowerBound = bound;
  }

  boolean isEmpty() {
    return first.isEmpty() && then.isEmpty();
  }

  /** A fired sequence: B's time, and the completion of A it follows. */
  record Match(long then, long completedAt) {}

  /**
   * The earliest B event (at or after the suppression bound) that has a completion of A at most
   * {@code within} before it: A at or before B, never after.
   */
  Optional<Match> earliestMatch(
      long within, long firstWindow, int firstThreshold, boolean distinct) {
    long[] completions = first.completions(firstWindow, firstThreshold, distinct);
    int c = 0;
    long latest = Long.MIN_VALUE;
    for (RuleState.Entry b : then.entries()) {
      long tb = b.time();
      while (c < completions.length && completions[c] <= tb) {
        latest = completions[c++];
      }
      if (tb >= lowerBound && latest != Long.MIN_VALUE && tb - latest <= within) {
        return Optional.of(new Match(tb, latest));
      }
    }
    return Optional.empty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SequenceState other
        && lowerBound == other.lowerBound
        && first.equals(other.first)
        && then.equals(other.then);
  }

  @Override
  public int hashCode() {
    return Objects.hash(first, then, lowerBound);
  }
}
