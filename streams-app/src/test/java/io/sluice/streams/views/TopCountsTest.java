package io.sluice.streams.views;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Space-Saving keeps the heavy hitters in fixed space and never under-counts them. */
class TopCountsTest {
  @Test
  void shouldKeepAFrequentItemThroughAFloodOfDistinctOnes() {
    TopCounts top = new TopCounts(10);
    for (int i = 0; i < 10_000; i++) {
      top.add("noise-" + i, 1);
      if (i % 5 == 0) {
        top.add("mallory@corp.example", 1);
      }
    }

    assertThat(top.size()).isEqualTo(10);
    // 2,000 real clicks; at most the inherited minimum of the evictions over
    assertThat(top.counts().get("mallory@corp.example")).isGreaterThanOrEqualTo(2_000L);
    assertThat(TopCounts.largest(top.counts(), 1)).containsOnlyKeys("mallory@corp.example");
  }

  @Test
  void shouldCountExactlyWhileUnderCapacityAndCutLongItems() {
    TopCounts top = new TopCounts(10);
    top.add("https://evil.example/login", 1);
    top.add("https://evil.example/login", 1);
    top.add("x".repeat(500), 1);
    top.add(null, 1);
    top.add("", 1);

    assertThat(top.counts())
        .containsEntry("https://evil.example/login", 2L)
        .containsEntry("x".repeat(TopCounts.MAX_ITEM_LENGTH), 1L)
        .hasSize(2);
  }
}
