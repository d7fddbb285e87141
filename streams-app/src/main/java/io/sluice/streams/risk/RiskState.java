package io.sluice.streams.risk;

import io.sluice.schemas.Severity;
import io.sluice.schemas.UserRisk;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One user's risk inputs as daily (UTC) buckets, so state per user is bounded by the number of days
 * in the window, whatever the event rate. Mutable: the processor loads, changes and stores it.
 */
final class RiskState {
  static final int WINDOW_DAYS = 30;
  static final long DAY_MS = Duration.ofDays(1).toMillis();
  static final long WINDOW_MS = Duration.ofDays(WINDOW_DAYS).toMillis();

  /** Counts of one UTC day; the day is the bucket's key (days since the epoch). */
  static final class Bucket {
    long maliciousClicks;
    long failedLogins;
    long dlpViolations;
    final Map<String, Long> alertsBySeverity = new TreeMap<>();

    boolean isEmpty() {
      return maliciousClicks == 0
          && failedLogins == 0
          && dlpViolations == 0
          && alertsBySeverity.isEmpty();
    }
  }

  final TreeMap<Long, Bucket> buckets = new TreeMap<>();
  boolean vip;
  long updatedAt;

  static long day(long time) {
    return Math.floorDiv(time, DAY_MS);
  }

  /**
   * Whether an event at {@code time} is still inside the window at {@code streamTime}. A bucket is
   * dropped only once every event it could hold is more than 30 days old, so an event counts for at
   * least 30 and at most 31 days (the price of daily buckets).
   */
  static boolean inWindow(long time, long streamTime) {
    return (day(time) + 1) * DAY_MS > streamTime - WINDOW_MS;
  }

  void add(RiskContribution c, long time) {
    Bucket bucket = buckets.computeIfAbsent(day(time), d -> new Bucket());
    switch (c.kind()) {
      case FAILED_LOGIN -> bucket.failedLogins++;
      case MALICIOUS_CLICK -> bucket.maliciousClicks++;
      case DLP_VIOLATION -> bucket.dlpViolations++;
      case ALERT -> bucket.alertsBySeverity.merge(c.severity().name(), 1L, Long::sum);
      default -> throw new IllegalStateException("unknown contribution kind " + c.kind());
    }
    // the VIP flag is set from the live VIP list when the risk is computed (UserRiskLedger)
    updatedAt = Math.max(updatedAt, time);
  }

  /**
   * Drops the buckets that left the window.
   *
   * @return whether anything was dropped
   */
  boolean expire(long streamTime) {
    boolean changed = false;
    while (!buckets.isEmpty() && !inWindow(buckets.firstKey() * DAY_MS, streamTime)) {
      buckets.pollFirstEntry();
      changed = true;
    }
    return changed;
  }

  boolean isEmpty() {
    return buckets.isEmpty();
  }

  UserRisk toUserRisk(String user) {
    long clicks = 0;
    long failed = 0;
    long dlp = 0;
    Map<String, Long> alerts = new TreeMap<>();
    for (Bucket b : buckets.values()) {
      clicks += b.maliciousClicks;
      failed += b.failedLogins;
      dlp += b.dlpViolations;
      b.alertsBySeverity.forEach((k, v) -> alerts.merge(k, v, Long::sum));
    }
    return UserRisk.newBuilder()
        .setUser(user)
        .setScore(RiskScore.score(clicks, failed, dlp, alerts, vip))
        .setWindowDays(WINDOW_DAYS)
        .setMaliciousClicks(clicks)
        .setFailedLogins(failed)
        .setDlpViolations(dlp)
        .setAlertsBySeverity(alerts)
        .setVip(vip)
        .setUpdatedAt(Instant.ofEpochMilli(updatedAt))
        .build();
  }

  static Severity severity(String name) {
    try {
      return Severity.valueOf(name);
    } catch (IllegalArgumentException e) {
      return Severity.UNKNOWN;
    }
  }
}
