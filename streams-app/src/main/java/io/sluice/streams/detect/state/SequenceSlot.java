package io.sluice.streams.detect.state;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A sequence rule: step A (every matching event, or a threshold of them), then step B for the same
 * key at most {@code within} later in event time (A at or before B). Fires on the B event; a B
 * before A never fires.
 *
 * <p>Bounded state: step A's events are kept as in {@link ThresholdSlot} (to find the times A is
 * complete); the completion times as their earliest and latest per {@code within}-aligned bucket,
 * which decides "is there a completion in {@code [tb − within, tb]}" exactly (the interval spans
 * two buckets: the latest of the first, the earliest of the second); step B's events, because an A
 * arriving late (a feed hours behind) must still find the B that followed it, as the first {@value
 * #B_EDGE} and last {@value #B_EDGE} of each bucket. Exact while a key has at most {@value #B_CAP}
 * B events per bucket; beyond that (a flood of logons), a late A pairs with the next kept B, so the
 * alert's window end can be later than the first B after A (docs/rules.md).
 */
public final class SequenceSlot implements RuleSlot {
  static final int B_EDGE = 2;
  static final int B_CAP = 2 * B_EDGE;
  private static final int A_EVIDENCE = Evidence.MAX - 1;

  private final SlotSpec spec;
  private final TimeBuckets aTimes;
  private final ValueBuckets aValues;
  private final TreeMap<Long, long[]> completions = new TreeMap<>();
  private final TreeMap<Long, List<EventRef>> bs = new TreeMap<>();
  private final Evidence aEvidence;
  private long bound = NO_BOUND;

  SequenceSlot(SlotSpec spec) {
    this(
        spec,
        new TimeBuckets(spec.firstWindow(), aCap(spec)),
        spec.firstDistinct() ? new ValueBuckets(spec.firstWindow(), spec.firstThreshold()) : null,
        new Evidence(A_EVIDENCE));
  }

  private SequenceSlot(
      SlotSpec spec, TimeBuckets aTimes, ValueBuckets aValues, Evidence aEvidence) {
    this.spec = spec;
    this.aTimes = aTimes;
    this.aValues = aValues;
    this.aEvidence = aEvidence;
  }

  private static int aCap(SlotSpec spec) {
    return spec.firstDistinct() ? 2 * spec.firstThreshold() : spec.firstThreshold();
  }

  private long bucketOf(long time) {
    return Math.floorDiv(time, spec.within());
  }

  @Override
  public List<Decision> add(Hit hit) {
    return hit.step() == 0 ? addFirst(hit) : addThen(hit);
  }

  private List<Decision> addFirst(Hit hit) {
    EventRef ref = hit.ref();
    long t = ref.time();
    if (!aTimes.add(t, ref.fingerprint(), ref.source(), hit.vip())) {
      return List.of();
    }
    if (aValues != null && hit.hasValue()) {
      aValues.add(hit.value(), t);
    }
    aEvidence.add(ref);
    long w = spec.firstWindow();
    long[] candidates =
        Candidates.of(
            t,
            aTimes.timesIn(t, t + w),
            aValues == null ? new long[0] : aValues.entriesIn(t, t + w));
    List<Long> completed = new ArrayList<>();
    for (long c : candidates) {
      if (firstCount(c) >= spec.firstThreshold()) {
        completed.add(c);
        long[] minMax = completions.computeIfAbsent(bucketOf(c), k -> new long[] {c, c});
        minMax[0] = Math.min(minMax[0], c);
        minMax[1] = Math.max(minMax[1], c);
      }
    }
    aTimes.trim();
    if (aValues != null) {
      aValues.trim();
    }
    return pair(completed);
  }

  /** B events after the new completions, each at or after the bound: in order, as they fire. */
  private List<Decision> pair(List<Long> completed) {
    List<Decision> decisions = new ArrayList<>(1);
    while (true) {
      EventRef best = null;
      long bestCompletion = 0;
      for (long c : completed) {
        EventRef b = successor(Math.max(c, bound));
        if (b != null
            && b.time() - c <= spec.within()
            && (best == null
                || b.time() < best.time()
                || (b.time() == best.time() && c > bestCompletion))) {
          best = b;
          bestCompletion = c;
        }
      }
      if (best == null) {
        return decisions;
      }
      decisions.add(decide(best, bestCompletion, false));
      bound = best.time() + spec.suppress();
    }
  }

  private List<Decision> addThen(Hit hit) {
    EventRef ref = hit.ref();
    long t = ref.time();
    if (!addB(ref)) {
      return List.of();
    }
    if (t < bound) {
      return List.of();
    }
    long completion = latestCompletion(t);
    if (completion == Long.MIN_VALUE) {
      return List.of();
    }
    bound = t + spec.suppress();
    return List.of(decide(ref, completion, hit.vip()));
  }

  /** A completion in {@code [t − within, t]}, the latest the state can tell, or MIN_VALUE. */
  private long latestCompletion(long t) {
    long k = bucketOf(t);
    long[] same = completions.get(k);
    if (same != null) {
      if (same[1] <= t) {
        return same[1];
      }
      if (same[0] <= t) {
        return same[0];
      }
    }
    long[] before = completions.get(k - 1);
    return before != null && before[1] >= t - spec.within() ? before[1] : Long.MIN_VALUE;
  }

  private int firstCount(long end) {
    long start = end - spec.firstWindow();
    return aValues != null ? aValues.count(start, end) : aTimes.count(start, end);
  }

  /**
   * @param bVip whether the B event's user is a VIP (known for an arriving B only)
   */
  private Decision decide(EventRef b, long completion, boolean bVip) {
    List<EventRef> evidence =
        new ArrayList<>(aEvidence.in(completion - spec.firstWindow(), completion));
    evidence.add(b);
    int firstCount = firstCount(completion);
    long firstSeen = evidence.get(0).time();
    BitSet sources = new BitSet();
    for (EventRef r : evidence) {
      sources.set(r.source());
      firstSeen = Math.min(firstSeen, r.time());
    }
    return new Decision(
        b.time() - spec.within(),
        b.time(),
        firstCount + 1,
        false,
        null,
        firstCount,
        firstSeen,
        evidence,
        sources.stream().toArray(),
        aTimes.vipIn(completion - spec.firstWindow(), completion) || bVip);
  }

  /** The earliest kept B at or after {@code from}. */
  private EventRef successor(long from) {
    for (List<EventRef> bucket : bs.tailMap(bucketOf(from), true).values()) {
      for (EventRef b : bucket) {
        if (b.time() >= from) {
          return b;
        }
      }
    }
    return null;
  }

  /** Keeps a B event (the first and last {@value #B_EDGE} of its bucket); false if redelivered. */
  private boolean addB(EventRef ref) {
    List<EventRef> bucket = bs.computeIfAbsent(bucketOf(ref.time()), k -> new ArrayList<>(2));
    int at = 0;
    while (at < bucket.size() && bucket.get(at).time() < ref.time()) {
      at++;
    }
    for (int i = at; i < bucket.size() && bucket.get(i).time() == ref.time(); i++) {
      if (bucket.get(i).sameEvent(ref)) {
        return false;
      }
    }
    bucket.add(at, ref);
    if (bucket.size() > B_CAP) {
      bucket.remove(B_EDGE);
    }
    return true;
  }

  @Override
  public void prune(long floor) {
    aTimes.dropThrough(floor - spec.firstWindow());
    if (aValues != null) {
      aValues.dropThrough(floor - spec.firstWindow());
    }
    dropBuckets(completions, floor - spec.within());
    dropBuckets(bs, floor);
    aEvidence.dropThrough(floor - spec.within() - spec.firstWindow());
    if (bound <= floor) {
      bound = NO_BOUND;
    }
  }

  /** Drops buckets that end before {@code before}. */
  private <V> void dropBuckets(TreeMap<Long, V> buckets, long before) {
    Iterator<Map.Entry<Long, V>> it = buckets.entrySet().iterator();
    while (it.hasNext()) {
      if ((it.next().getKey() + 1) * spec.within() - 1 >= before) {
        return;
      }
      it.remove();
    }
  }

  @Override
  public boolean isEmpty() {
    return aTimes.isEmpty()
        && (aValues == null || aValues.isEmpty())
        && completions.isEmpty()
        && bs.isEmpty()
        && aEvidence.isEmpty()
        && bound == NO_BOUND;
  }

  @Override
  public void write(StateOutput out) {
    out.byte8(SlotSpec.Kind.SEQUENCE.ordinal()).zigzag(bound).varint(spec.within());
    aTimes.write(out);
    out.byte8(aValues == null ? 0 : 1);
    if (aValues != null) {
      aValues.write(out);
    }
    out.varint(completions.size());
    long previous = 0;
    for (Map.Entry<Long, long[]> e : completions.entrySet()) {
      long start = e.getKey() * spec.within();
      out.zigzag(e.getKey() - previous).varint(e.getValue()[0] - start);
      out.varint(e.getValue()[1] - start);
      previous = e.getKey();
    }
    out.varint(bs.size());
    previous = 0;
    for (Map.Entry<Long, List<EventRef>> e : bs.entrySet()) {
      long start = e.getKey() * spec.within();
      out.zigzag(e.getKey() - previous).varint(e.getValue().size());
      for (EventRef b : e.getValue()) {
        b.write(out, start);
      }
      previous = e.getKey();
    }
    aEvidence.write(out);
  }

  static SequenceSlot read(StateInput in, SlotSpec spec) {
    long bound = in.zigzag();
    long storedWithin = in.varint();
    TimeBuckets aTimes = TimeBuckets.read(in, spec.firstWindow(), aCap(spec));
    ValueBuckets aValues =
        in.byte8() == 1 ? ValueBuckets.read(in, spec.firstWindow(), spec.firstThreshold()) : null;
    if (spec.firstDistinct() && aValues == null) {
      aValues = new ValueBuckets(spec.firstWindow(), spec.firstThreshold());
    } else if (!spec.firstDistinct()) {
      aValues = null;
    }
    SequenceSlot slot = new SequenceSlot(spec, aTimes, aValues, new Evidence(A_EVIDENCE));
    int n = in.varintAsInt();
    long index = 0;
    for (int i = 0; i < n; i++) {
      index += in.zigzag();
      long start = index * storedWithin;
      long min = start + in.varint();
      long max = start + in.varint();
      for (long c : new long[] {min, max}) {
        long[] mm = slot.completions.computeIfAbsent(slot.bucketOf(c), k -> new long[] {c, c});
        mm[0] = Math.min(mm[0], c);
        mm[1] = Math.max(mm[1], c);
      }
    }
    n = in.varintAsInt();
    index = 0;
    for (int i = 0; i < n; i++) {
      index += in.zigzag();
      long start = index * storedWithin;
      int size = in.varintAsInt();
      for (int j = 0; j < size; j++) {
        slot.addB(EventRef.read(in, start));
      }
    }
    slot.aEvidence.addAll(Evidence.read(in, A_EVIDENCE));
    slot.bound = bound;
    return slot;
  }
}
