package io.sluice.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RuleStateTest {
  private static RuleState.Entry at(long time, String id) {
    return new RuleState.Entry(
        time, id, "okta.system-log", null, false, "raw.okta.system-log", 0, time);
  }

  private static RuleState.Entry distinct(long time, String id, String value) {
    return new RuleState.Entry(time, id, "okta.system-log", value, false, null, -1, -1L);
  }

  @Test
  void shouldFindTheEarliestCrossingInEventTimeOrder() {
    RuleState state = new RuleState();
    for (long t : new long[] {5, 1, 3, 2, 4}) {
      state.insert(at(t, "e" + t));
    }

    assertThat(state.earliestCrossing(1, 10, 3, false)).isEqualTo(OptionalLong.of(3));
    assertThat(state.entries())
        .extracting(RuleState.Entry::time)
        .containsExactly(1L, 2L, 3L, 4L, 5L);
  }

  @Test
  void shouldUseAHalfOpenWindow() {
    RuleState state = new RuleState();
    state.insert(at(0, "a"));
    state.insert(at(10, "b"));

    // (10 - 10, 10] excludes t = 0
    assertThat(state.earliestCrossing(10, 10, 2, false)).isEmpty();
    assertThat(state.earliestCrossing(10, 11, 2, false)).isEqualTo(OptionalLong.of(10));
  }

  @Test
  void shouldNotCountARedeliveredEventTwice() {
    RuleState state = new RuleState();

    assertThat(state.insert(at(1, "same"))).isTrue();
    assertThat(state.insert(at(1, "same"))).isFalse();
    assertThat(state.entries()).hasSize(1);
  }

  @Test
  void shouldCountDistinctValuesNotEvents() {
    RuleState state = new RuleState();
    for (int i = 0; i < 10; i++) {
      state.insert(distinct(i, "e" + i, "ann"));
    }
    assertThat(state.earliestCrossing(9, 100, 2, true)).isEmpty();

    state.insert(distinct(10, "e10", "bob"));
    assertThat(state.earliestCrossing(10, 100, 2, true)).isEqualTo(OptionalLong.of(10));
  }

  @Test
  void shouldRespectTheSuppressionBound() {
    RuleState state = new RuleState();
    for (int i = 0; i < 5; i++) {
      state.insert(at(i, "e" + i));
    }
    state.suppressUntil(4);

    assertThat(state.earliestCrossing(0, 100, 2, false)).isEqualTo(OptionalLong.of(4));
    state.suppressUntil(5);
    assertThat(state.earliestCrossing(0, 100, 2, false)).isEmpty();
  }

  @Test
  void shouldPruneOnlyEventsAtOrBeforeTheCutoff() {
    RuleState state = new RuleState();
    for (int i = 0; i < 5; i++) {
      state.insert(at(i, "e" + i));
    }

    state.pruneUpTo(2);

    assertThat(state.entries()).extracting(RuleState.Entry::time).containsExactly(3L, 4L);
  }

  @Test
  void shouldRoundTripThroughItsSerde() {
    RuleState state = new RuleState();
    state.insert(at(1, "a"));
    state.insert(distinct(2, "b", "ünïcode"));
    state.suppressUntil(42);

    assertThat(RuleStateSerde.read(RuleStateSerde.write(state))).isEqualTo(state);
  }

  @Test
  void shouldRejectTruncatedStateClearly() {
    RuleState state = new RuleState();
    state.insert(at(1, "a"));
    byte[] bytes = RuleStateSerde.write(state);

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> RuleStateSerde.read(java.util.Arrays.copyOf(bytes, bytes.length - 3)))
        .isInstanceOf(org.apache.kafka.common.errors.SerializationException.class)
        .hasMessageContaining("cannot read rule state");
  }
}
