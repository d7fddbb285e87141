package io.sluice.bench.jmh;

import io.sluice.sandbox.traffic.MixedTraffic;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The records benchmarks cycle through: distinct ones of one feed, from the realistic mix. */
final class FeedRecords {
  private FeedRecords() {}

  /** The first 1,000 records of a raw topic in the bench's mix (seed 1, 60,000 events). */
  static List<MixedTraffic.RawRecord> of(String rawTopic) {
    return MixedTraffic.generate(
            1, 60_000, 5_000, Instant.parse("2024-05-02T08:00:00Z"), Duration.ofHours(8))
        .records()
        .stream()
        .filter(r -> r.topic().equals(rawTopic))
        .limit(1_000)
        .toList();
  }
}
