package io.sluice.streams.topology;

import java.time.Duration;

/**
 * Settings that shape the topology itself (as opposed to Kafka client settings).
 *
 * @param dedupWindow how long a raw record's event id is remembered to drop redeliveries; zero
 *     turns dedup off
 */
public record TopologyOptions(Duration dedupWindow) {
  public static final Duration DEFAULT_DEDUP_WINDOW = Duration.ofHours(24);

  public static TopologyOptions defaults() {
    return new TopologyOptions(DEFAULT_DEDUP_WINDOW);
  }
}
