package io.sluice.streams.detect.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.streams.canonical.Fingerprints;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each slot kind keeps a bounded record whatever arrives: 100,000 events on one key (a burst, a
 * spray of distinct names, a flood of logons for a sequence), in order and shuffled.
 */
class FloodBoundsTest {
  private static final long MINUTE = 60_000;
  private static final int FLOOD = 100_000;

  private static EventRef ref(int i, long time) {
    return new EventRef(time, String.format("%032x", i), 0, 0, i);
  }

  private static int size(RuleSlot slot) {
    StateOutput out = new StateOutput(64);
    slot.write(out);
    return out.size();
  }

  private static List<Decision> flood(RuleSlot slot, int step, boolean distinct, boolean shuffled) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < FLOOD; i++) {
      order.add(i);
    }
    if (shuffled) {
      java.util.Collections.shuffle(order, new java.util.Random(42));
    }
    List<Decision> decisions = new ArrayList<>();
    for (int i : order) {
      long t = 6L * i; // 100,000 events in 10 minutes
      decisions.addAll(
          slot.add(
              new Hit(
                  step, ref(i, t), distinct ? Fingerprints.of("user" + i) : 0, distinct, false)));
    }
    slot.prune(6L * FLOOD - 60 * MINUTE);
    return decisions;
  }

  @Test
  void shouldBoundABurstRuleWhetherTheFloodArrivesInOrderOrShuffled() {
    for (boolean shuffled : new boolean[] {false, true}) {
      RuleSlot slot = RuleSlot.create(SlotSpec.count(10, 10 * MINUTE, 10 * MINUTE));
      List<Decision> decisions = flood(slot, 0, false, shuffled);

      assertThat(decisions).hasSize(1);
      assertThat(size(slot)).isLessThan(1200);
    }
  }

  @Test
  void shouldBoundASprayOfOneHundredThousandDistinctNames() {
    RuleSlot slot = RuleSlot.create(SlotSpec.distinct(10, 30 * MINUTE, 30 * MINUTE));
    List<Decision> decisions = flood(slot, 0, true, true);

    assertThat(decisions)
        .singleElement()
        .satisfies(d -> assertThat(d.distinctCount()).isEqualTo(10));
    assertThat(size(slot)).isLessThan(2000);
  }

  @Test
  void shouldBoundASequenceFloodedWithItsSecondStep() {
    RuleSlot slot =
        RuleSlot.create(SlotSpec.sequence(5, 10 * MINUTE, false, 10 * MINUTE, 10 * MINUTE));
    flood(slot, 1, false, true); // a service account logging on 100,000 times
    flood(slot, 0, false, false); // and 100,000 failures

    assertThat(size(slot)).isLessThan(2500);
  }

  @Test
  void shouldBoundAnOrderedChainFloodedAtEveryStep() {
    RuleSlot slot = RuleSlot.create(SlotSpec.ordered(3, 10 * MINUTE, 10 * MINUTE));
    flood(slot, 0, false, true); // 100,000 logins, shuffled
    flood(slot, 1, false, false); // 100,000 MFA changes
    List<Decision> decisions = flood(slot, 2, false, true); // and 100,000 API tokens

    assertThat(decisions).isNotEmpty();
    assertThat(size(slot)).isLessThan(2500);
  }
}
