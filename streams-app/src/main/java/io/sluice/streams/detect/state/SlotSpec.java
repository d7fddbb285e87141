package io.sluice.streams.detect.state;

/**
 * The numbers of one rule that shape its state: what a slot needs to know, without the rule.
 *
 * @param threshold events or distinct values to reach (the last step's, for a threshold rule)
 * @param window the sliding window of a threshold rule, in ms
 * @param suppress after an alert at T, no alert with a window end before T + suppress
 * @param within sequences: the longest time from step A's completion to step B, in ms
 * @param firstThreshold sequences: step A's threshold (1: every A event completes it)
 * @param firstWindow sequences: step A's window, in ms
 * @param firstDistinct sequences: step A counts distinct values
 * @param upper closing windows: the largest count that fires (0 for every other kind)
 */
public record SlotSpec(
    Kind kind,
    int threshold,
    long window,
    long suppress,
    long within,
    int firstThreshold,
    long firstWindow,
    boolean firstDistinct,
    int upper) {

  /** Suppression of at least 1 ms: the next alert's window end is always after the last one's. */
  public SlotSpec {
    suppress = Math.max(1, suppress);
  }

  /** What a rule counts. */
  public enum Kind {
    COUNT,
    DISTINCT,
    SEQUENCE,
    /** Sigma {@code temporal_ordered} of three or more rules: {@code threshold} is the steps. */
    ORDERED,
    /**
     * A Sigma count with an upper bound: events of a window decided when it closes, firing when
     * {@code threshold ≤ count ≤ upper}.
     */
    CLOSING_COUNT,
    /** As {@link #CLOSING_COUNT}, counting distinct values (value_count, temporal). */
    CLOSING_DISTINCT
  }

  public static SlotSpec count(int threshold, long window, long suppress) {
    return new SlotSpec(Kind.COUNT, threshold, window, suppress, 0, 0, 0, false, 0);
  }

  public static SlotSpec distinct(int threshold, long window, long suppress) {
    return new SlotSpec(Kind.DISTINCT, threshold, window, suppress, 0, 0, 0, false, 0);
  }

  public static SlotSpec sequence(
      int firstThreshold, long firstWindow, boolean firstDistinct, long within, long suppress) {
    return new SlotSpec(
        Kind.SEQUENCE, 1, within, suppress, within, firstThreshold, firstWindow, firstDistinct, 0);
  }

  /**
   * A chain of {@code steps} events, one per step in order, first to last within {@code within}.
   */
  public static SlotSpec ordered(int steps, long within, long suppress) {
    return new SlotSpec(Kind.ORDERED, steps, within, suppress, within, 1, 0, false, 0);
  }

  /**
   * Windows of {@code window} from their first event, decided when they close: fire when {@code
   * lower ≤ count ≤ upper} (events, or distinct values when {@code distinct}).
   */
  public static SlotSpec closing(
      int lower, int upper, long window, long suppress, boolean distinct) {
    return new SlotSpec(
        distinct ? Kind.CLOSING_DISTINCT : Kind.CLOSING_COUNT,
        lower,
        window,
        suppress,
        0,
        0,
        0,
        false,
        upper);
  }

  /** Whether the slot decides at window close rather than on crossing (an upper bound). */
  public boolean closes() {
    return kind == Kind.CLOSING_COUNT || kind == Kind.CLOSING_DISTINCT;
  }

  /** How far behind the earliest time a future event may have its state must reach. */
  public long reach() {
    return kind == Kind.SEQUENCE ? within + firstWindow : window;
  }
}
