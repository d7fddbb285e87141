package io.sluice.streams.detect.state;

/**
 * One event as one rule sees it: which step it matched (0 for a threshold rule and for step A of a
 * sequence, 1 for step B), where to find it, and the fingerprint of the value a distinct count
 * counts.
 *
 * @param hasValue false when the rule counts no value, or the event's value is absent
 * @param vip whether the event's user was a VIP when the event reached the rule
 */
public record Hit(int step, EventRef ref, long value, boolean hasValue, boolean vip) {
  public static Hit of(int step, EventRef ref) {
    return new Hit(step, ref, 0, false, false);
  }

  public long time() {
    return ref.time();
  }
}
