package io.sluice.streams.detect.state;

import java.util.List;

/**
 * What one rule keeps for one key. Every slot is bounded by its rule's numbers (threshold, window,
 * within, and how far back events may still arrive), never by the number of events: a flooded key
 * costs what a quiet one does.
 *
 * <p>Semantics shared by all (docs/rules.md): an alert's window end is an event time; after an
 * alert at T no alert with a window end before {@code T + suppress} (the suppression bound lives
 * here, so it rolls back with an aborted transaction); one arrival may complete several windows,
 * and each one at or after the bound then fires, in event-time order.
 */
public sealed interface RuleSlot permits ThresholdSlot, SequenceSlot, OrderedSlot, ClosingSlot {
  long NO_BOUND = Long.MIN_VALUE;

  /** Takes one (in-grace) event; returns the alerts it completes, in window-end order. */
  List<Decision> add(Hit hit);

  /**
   * Forgets what no future event can use: every event yet to arrive has a time at or after {@code
   * floor} (later ones are late and never reach the slot).
   */
  void prune(long floor);

  /**
   * Decides the windows that can no longer grow: those ending before {@code before}, a time the
   * engine derives from the feed clocks. Only a rule with an upper bound decides this way ({@link
   * ClosingSlot}); the others decide on crossing and have nothing to close.
   */
  default List<Decision> close(long before) {
    return List.of();
  }

  /** Whether an event at {@code time} falls in a window already decided, so it is late. */
  default boolean decided(long time) {
    return false;
  }

  boolean isEmpty();

  void write(StateOutput out);

  static RuleSlot create(SlotSpec spec) {
    return switch (spec.kind()) {
      case COUNT, DISTINCT -> new ThresholdSlot(spec);
      case SEQUENCE -> new SequenceSlot(spec);
      case ORDERED -> new OrderedSlot(spec);
      case CLOSING_COUNT, CLOSING_DISTINCT -> new ClosingSlot(spec);
    };
  }

  /**
   * Reads a slot written for any version of the rule (see {@link TimeBuckets#read}); the input
   * holds this slot's bytes only.
   */
  static RuleSlot read(StateInput in, SlotSpec spec) {
    int kind = in.byte8();
    if (kind != spec.kind().ordinal()) {
      // the rule changed what it counts (events, distinct values, a sequence): start afresh
      return create(spec);
    }
    return switch (spec.kind()) {
      case COUNT, DISTINCT -> ThresholdSlot.read(in, spec);
      case SEQUENCE -> SequenceSlot.read(in, spec);
      case ORDERED -> OrderedSlot.read(in, spec);
      case CLOSING_COUNT, CLOSING_DISTINCT -> ClosingSlot.read(in, spec);
    };
  }
}
