package io.sluice.streams.detect.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Sigma temporal_ordered chain of three steps kept across a rule change: its events survive a
 * changed timespan (re-bucketed, starts recomputed), and a changed number of steps starts afresh.
 */
class OrderedSlotTest {
  private static final long MINUTE = 60_000;

  private static Hit hit(int step, int id, long minute) {
    return Hit.of(step, new EventRef(minute * MINUTE, String.format("%032x", id), 0, 0, id));
  }

  private static RuleSlot roundTrip(RuleSlot slot, SlotSpec spec) {
    StateOutput out = new StateOutput(64);
    slot.write(out);
    return RuleSlot.read(new StateInput(out.toByteArray()), spec);
  }

  /** Three steps within the minutes: step 0 seen at minute 0, step 1 at minute 3. */
  private static RuleSlot firstTwoSteps(long minutes) {
    RuleSlot slot = RuleSlot.create(SlotSpec.ordered(3, minutes * MINUTE, minutes * MINUTE));
    slot.add(hit(0, 1, 0));
    slot.add(hit(1, 2, 3));
    return slot;
  }

  @Test
  void shouldFireOnTheLastStepWithTheWholeChainAsEvidence() {
    RuleSlot slot = firstTwoSteps(10);

    List<Decision> fired = slot.add(hit(2, 3, 7));

    assertThat(fired)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.windowEnd()).isEqualTo(7 * MINUTE);
              assertThat(d.firstSeen()).isEqualTo(0);
              assertThat(d.evidence()).extracting(EventRef::offset).containsExactly(1L, 2L, 3L);
            });
  }

  @Test
  void shouldKeepTheChainWhenOnlyTheTimespanChanged() {
    RuleSlot slot = firstTwoSteps(5);
    SlotSpec longer = SlotSpec.ordered(3, 10 * MINUTE, 10 * MINUTE);

    RuleSlot read = roundTrip(slot, longer);

    assertThat(read.add(hit(2, 3, 8)))
        .as("0 → 3 → 8 fits the new 10 minutes")
        .singleElement()
        .satisfies(d -> assertThat(d.windowEnd()).isEqualTo(8 * MINUTE));
  }

  @Test
  void shouldNotFireWhenTheShorterTimespanNoLongerHoldsTheChain() {
    RuleSlot slot = firstTwoSteps(10);

    RuleSlot read = roundTrip(slot, SlotSpec.ordered(3, 5 * MINUTE, 5 * MINUTE));

    assertThat(read.add(hit(2, 3, 8))).as("0 → 8 is beyond 5 minutes").isEmpty();
  }

  @Test
  void shouldStartAfreshWhenTheNumberOfStepsChanged() {
    RuleSlot slot = firstTwoSteps(10);

    RuleSlot read = roundTrip(slot, SlotSpec.ordered(4, 10 * MINUTE, 10 * MINUTE));

    assertThat(read.isEmpty()).isTrue();
  }
}
