package io.sluice.bench;

/**
 * Records per second between the first and the last observation of committed progress, so that
 * start-up (broker connections, rebalance, transactional id initialisation) is excluded.
 *
 * @param firstCount records already committed at the first observation
 * @param firstNanos when that observation was made
 * @param lastCount records committed at the end
 * @param lastNanos when the end was observed
 */
record Throughput(long firstCount, long firstNanos, long lastCount, long lastNanos) {
  double recordsPerSecond() {
    return (lastCount - firstCount) / seconds();
  }

  double seconds() {
    return (lastNanos - firstNanos) / 1e9;
  }
}
