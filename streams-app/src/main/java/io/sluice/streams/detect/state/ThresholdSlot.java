package io.sluice.streams.detect.state;

import java.util.ArrayList;
import java.util.List;

/**
 * A threshold rule: fires when the sliding window {@code (T − W, T]} holds {@code threshold}
 * events, or {@code threshold} distinct values, at the event time T of an event (the crossing one,
 * or, when a late event completes windows ending later, each such later event at or after the
 * suppression bound, in order).
 *
 * <p>Counting events is exact under any arrival order within grace: candidate window ends are event
 * times, and an event {@link TimeBuckets} drops already has {@code threshold} events in its window,
 * so it lies before the suppression bound (it fired, or was suppressed, when its window filled) and
 * can never be a window end again.
 *
 * <p>Counting distinct values, the counts come from {@link ValueBuckets}, exact up to the
 * threshold; the window ends tried are the arrival's own time, the kept event times after it within
 * one window, and the times values enter a window (where a distinct count rises): exact for every
 * alert not suppressed by an earlier one. After a suppression bound, a late event whose window ends
 * at a repeat sighting the state did not keep fires at the next kept time instead (docs/rules.md).
 * Events are then kept capped at twice the threshold, for the alert's event count (exact up to that
 * cap), its feeds and its first-seen time.
 */
public final class ThresholdSlot implements RuleSlot {
  private final SlotSpec spec;
  private final TimeBuckets times;
  private final ValueBuckets values;
  private final Evidence evidence;
  private long bound = NO_BOUND;

  ThresholdSlot(SlotSpec spec) {
    this(
        spec,
        new TimeBuckets(spec.window(), eventCap(spec)),
        distinct(spec) ? new ValueBuckets(spec.window(), spec.threshold()) : null,
        new Evidence(Evidence.MAX));
  }

  private ThresholdSlot(SlotSpec spec, TimeBuckets times, ValueBuckets values, Evidence evidence) {
    this.spec = spec;
    this.times = times;
    this.values = values;
    this.evidence = evidence;
  }

  private static boolean distinct(SlotSpec spec) {
    return spec.kind() == SlotSpec.Kind.DISTINCT;
  }

  private static int eventCap(SlotSpec spec) {
    return distinct(spec) ? 2 * spec.threshold() : spec.threshold();
  }

  @Override
  public List<Decision> add(Hit hit) {
    EventRef ref = hit.ref();
    long t = ref.time();
    boolean fresh = times.add(t, ref.fingerprint(), ref.source(), hit.vip());
    if (!fresh && (values == null || !hit.hasValue())) {
      return List.of(); // a redelivered event is counted once
    }
    if (values != null && hit.hasValue()) {
      // an event already kept may bring a second value: one record matching two of a Sigma
      // temporal correlation's rules counts for both (a redelivery adds nothing new)
      values.add(hit.value(), t);
    }
    if (fresh) {
      evidence.add(ref);
    }
    long w = spec.window();
    long[] candidates =
        values == null
            ? Candidates.of(t, times.timesIn(t, t + w))
            : Candidates.of(t, times.timesIn(t, t + w), values.entriesIn(t, t + w));
    List<Decision> decisions = new ArrayList<>(1);
    for (long end : candidates) {
      if (end >= bound && count(end - w, end) >= spec.threshold()) {
        decisions.add(decide(end));
        bound = end + spec.suppress();
      }
    }
    times.trim();
    if (values != null) {
      values.trim();
    }
    return decisions;
  }

  private int count(long from, long to) {
    return values == null ? times.count(from, to) : values.count(from, to);
  }

  private Decision decide(long end) {
    long start = end - spec.window();
    int events = times.count(start, end);
    return new Decision(
        start,
        end,
        events,
        values != null && events >= eventCap(spec),
        values == null ? null : values.count(start, end),
        0,
        times.earliestIn(start, end),
        evidence.in(start, end),
        times.sourcesIn(start, end),
        times.vipIn(start, end));
  }

  @Override
  public void prune(long floor) {
    long cutoff = floor - spec.window();
    times.dropThrough(cutoff);
    if (values != null) {
      values.dropThrough(cutoff);
    }
    evidence.dropThrough(cutoff);
    if (bound <= floor) {
      bound = NO_BOUND;
    }
  }

  @Override
  public boolean isEmpty() {
    return times.isEmpty()
        && (values == null || values.isEmpty())
        && evidence.isEmpty()
        && bound == NO_BOUND;
  }

  @Override
  public void write(StateOutput out) {
    out.byte8(spec.kind().ordinal()).zigzag(bound);
    times.write(out);
    if (values != null) {
      values.write(out);
    }
    evidence.write(out);
  }

  static ThresholdSlot read(StateInput in, SlotSpec spec) {
    long bound = in.zigzag();
    ThresholdSlot slot =
        new ThresholdSlot(
            spec,
            TimeBuckets.read(in, spec.window(), eventCap(spec)),
            distinct(spec) ? ValueBuckets.read(in, spec.window(), spec.threshold()) : null,
            Evidence.read(in, Evidence.MAX));
    slot.bound = bound;
    return slot;
  }
}
