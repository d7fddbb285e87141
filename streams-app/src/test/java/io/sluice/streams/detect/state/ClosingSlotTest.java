package io.sluice.streams.detect.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The slot of a Sigma count with an upper bound (docs/sigma.md, "Upper bounds"): windows from their
 * first event, decided at close, bounded by the rule's numbers whatever the traffic.
 */
class ClosingSlotTest {
  private static final long MINUTE = 60_000;
  private static final long TIMESPAN = 10 * MINUTE;
  private static final int MAX_RECORD_BYTES = 8 * 1024;

  private static SlotSpec lte(int upper) {
    return SlotSpec.closing(1, upper, TIMESPAN, TIMESPAN, false);
  }

  private static Hit event(long time, int n) {
    return Hit.of(0, new EventRef(time, "%016x%016x".formatted(n, 0), 0, 0, n));
  }

  private static byte[] bytes(RuleSlot slot) {
    StateOutput out = new StateOutput(64);
    slot.write(out);
    return out.toByteArray();
  }

  private static List<Decision> addAll(RuleSlot slot, Hit... hits) {
    List<Decision> decisions = new ArrayList<>();
    for (Hit h : hits) {
      decisions.addAll(slot.add(h));
    }
    return decisions;
  }

  @Test
  void shouldDecideAWindowOnlyWhenItCloses() {
    RuleSlot slot = RuleSlot.create(lte(2));

    assertThat(addAll(slot, event(0, 1), event(MINUTE, 2))).isEmpty();
    assertThat(slot.close(TIMESPAN)).as("a window ending at the close time is open").isEmpty();
    assertThat(slot.close(TIMESPAN + 1))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.windowStart()).isZero();
              assertThat(d.windowEnd()).isEqualTo(TIMESPAN);
              assertThat(d.eventCount()).isEqualTo(2);
            });
    assertThat(slot.decided(TIMESPAN - 1)).isTrue();
    assertThat(slot.decided(TIMESPAN)).isFalse();
  }

  @Test
  void shouldNotFireAWindowOverItsUpperBound() {
    // the twin of the test above, one event more
    RuleSlot slot = RuleSlot.create(lte(2));
    addAll(slot, event(0, 1), event(MINUTE, 2), event(2 * MINUTE, 3));

    assertThat(slot.close(TIMESPAN + 1)).isEmpty();
    assertThat(slot.decided(MINUTE)).isTrue();
  }

  @Test
  void shouldCountARedeliveredEventOnce() {
    RuleSlot slot = RuleSlot.create(lte(1));
    addAll(slot, event(0, 1), event(0, 1));

    assertThat(slot.close(TIMESPAN + 1)).hasSize(1);
  }

  @Test
  void shouldCountAnEventBeforeTheOpenWindowInAWindowOfItsOwn() {
    // suppression of 1 ms: the default (the timespan) would hold back the second, overlapping one
    RuleSlot slot = RuleSlot.create(SlotSpec.closing(1, 5, TIMESPAN, 1, false));
    // 12:05 arrives first; 12:00 (within grace) is before its window, 12:07 is in both windows
    addAll(slot, event(5 * MINUTE, 1), event(0, 2), event(7 * MINUTE, 3));

    assertThat(slot.close(Long.MAX_VALUE))
        .extracting(Decision::windowStart, Decision::eventCount)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0L, 2),
            org.assertj.core.groups.Tuple.tuple(5 * MINUTE, 1));
  }

  @Test
  void shouldKeepWindowsAcrossAChangeOfNumbersAndStartAfreshWhenWhatItCountsChanges() {
    RuleSlot slot = RuleSlot.create(lte(5));
    addAll(slot, event(0, 1), event(MINUTE, 2), event(2 * MINUTE, 3));
    byte[] stored = bytes(slot);

    // lte 5 → lte 2: the kept window is over the new bound
    assertThat(RuleSlot.read(new StateInput(stored), lte(2)).close(Long.MAX_VALUE)).isEmpty();
    assertThat(RuleSlot.read(new StateInput(stored), lte(3)).close(Long.MAX_VALUE))
        .singleElement()
        .extracting(Decision::eventCount)
        .isEqualTo(3);
    RuleSlot distinct =
        RuleSlot.read(new StateInput(stored), SlotSpec.closing(1, 5, TIMESPAN, TIMESPAN, true));
    assertThat(distinct.isEmpty()).isTrue();
  }

  @Test
  void shouldKeepAFloodedKeysSlotBoundedByTheRulesNumbers() {
    // 100,000 events in ten minutes on one key, of a rule with one-second windows: most windows
    // are never closed by clocks here, so the slot's own bound must hold
    RuleSlot flooded = RuleSlot.create(SlotSpec.closing(1, 10, 1_000, 1_000, false));
    List<Decision> decided = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      decided.addAll(flooded.add(event(6L * i, i)));
    }
    RuleSlot quiet = RuleSlot.create(SlotSpec.closing(1, 10, 1_000, 1_000, false));
    addAll(quiet, event(0, 1), event(1, 2), event(2, 3));

    assertThat(((ClosingSlot) flooded).openWindows()).isEqualTo(ClosingSlot.MAX_OPEN);
    assertThat(decided).as("every one-second window holds 167 events: over the bound").isEmpty();
    assertThat(bytes(flooded).length).isLessThan(MAX_RECORD_BYTES);
    assertThat(bytes(quiet).length).isLessThan(200);
  }

  @Test
  void shouldForgetWhatItDecidedOnceNoEventCanStillFallBeforeIt() {
    RuleSlot slot = RuleSlot.create(lte(2));
    addAll(slot, event(0, 1));
    slot.close(TIMESPAN + 1);

    slot.prune(TIMESPAN - 1);
    assertThat(slot.isEmpty()).as("an event at 12:09:59 may still come: it is late").isFalse();
    slot.prune(2 * TIMESPAN);
    assertThat(slot.isEmpty()).isTrue();
  }
}
