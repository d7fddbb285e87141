package io.sluice.streams.detect.state;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Sigma {@code temporal_ordered} correlation of three or more rules: one event of each step, in
 * the order of the steps (each at or after the one before), the first at most {@code within} before
 * the last, for the same key. Fires on the last step's event (or, when a late event completes
 * chains ending later, on each such last event at or after the suppression bound, in order).
 *
 * <p>Every kept event carries the latest start a chain ending at it can have (the latest first-step
 * time over every chain through the steps before it, {@link #NONE} when there is none): that is
 * {@code start(e) = max start over the previous step's events at or before e}, so a chain ends at a
 * last-step event {@code e} exactly when {@code start(e) ≥ e − within}. An arriving event takes its
 * start from the previous step, then passes it on to the later steps' kept events after it (an
 * event late within grace still completes the chains it belongs to).
 *
 * <p>Bounded state: per step, per {@code within}-aligned bucket, the first {@value #EDGE} and last
 * {@value #EDGE} events. Starts are computed when an event arrives and kept with it, so an event
 * pushed out of a bucket has already passed its start on: in event-time order the engine is exact
 * whatever the flood; only an event arriving late into a bucket that dropped events may miss the
 * start a dropped event would have given it (docs/sigma.md, "Engine").
 */
public final class OrderedSlot implements RuleSlot {
  static final int EDGE = 2;
  static final int CAP = 2 * EDGE;

  /** No chain ends at this event (yet). */
  static final long NONE = Long.MIN_VALUE;

  private final SlotSpec spec;
  private final List<TreeMap<Long, List<Entry>>> steps;
  private long bound = NO_BOUND;

  /** One kept event of one step, with the latest start of a chain ending at it. */
  private static final class Entry {
    final EventRef ref;
    final boolean vip;
    long start;

    Entry(EventRef ref, boolean vip, long start) {
      this.ref = ref;
      this.vip = vip;
      this.start = start;
    }

    long time() {
      return ref.time();
    }
  }

  OrderedSlot(SlotSpec spec) {
    this.spec = spec;
    this.steps = new ArrayList<>(spec.threshold());
    for (int i = 0; i < spec.threshold(); i++) {
      steps.add(new TreeMap<>());
    }
  }

  private int last() {
    return steps.size() - 1;
  }

  private long bucketOf(long time) {
    return Math.floorDiv(time, spec.within());
  }

  private boolean complete(Entry e) {
    return e.start != NONE && e.start >= e.time() - spec.within();
  }

  @Override
  public List<Decision> add(Hit hit) {
    int step = hit.step();
    if (step < 0 || step > last()) {
      return List.of(); // the rule lost steps since the event was sent
    }
    long t = hit.time();
    Entry arrived = new Entry(hit.ref(), hit.vip(), step == 0 ? t : startAt(step - 1, t));
    if (!keep(step, arrived)) {
      return List.of(); // a redelivery
    }
    List<Entry> completed = new ArrayList<>(1);
    if (step == last() && complete(arrived)) {
      completed.add(arrived);
    }
    for (int j = step + 1; j <= last(); j++) {
      for (Entry later : entriesIn(j, t, t + spec.within())) {
        long start = startAt(j - 1, later.time());
        if (start > later.start) {
          boolean was = complete(later);
          later.start = start;
          if (j == last() && !was && complete(later)) {
            completed.add(later);
          }
        }
      }
    }
    completed.sort((a, b) -> Long.compare(a.time(), b.time()));
    List<Decision> decisions = new ArrayList<>(1);
    for (Entry e : completed) {
      if (e.time() >= bound) {
        decisions.add(decide(e));
        bound = e.time() + spec.suppress();
      }
    }
    return decisions;
  }

  /** The latest start of a chain through {@code step} ending at or before {@code time}. */
  private long startAt(int step, long time) {
    long best = NONE;
    for (Entry e : entriesIn(step, time - spec.within(), time)) {
      if (e.start != NONE && e.start >= time - spec.within()) {
        best = Math.max(best, e.start);
      }
    }
    return best;
  }

  /** The kept events of a step with a time in {@code [from, to]}, in time order. */
  private List<Entry> entriesIn(int step, long from, long to) {
    List<Entry> out = new ArrayList<>();
    for (List<Entry> bucket :
        steps.get(step).subMap(bucketOf(from), true, bucketOf(to), true).values()) {
      for (Entry e : bucket) {
        if (e.time() >= from && e.time() <= to) {
          out.add(e);
        }
      }
    }
    return out;
  }

  /** Keeps an event (the first and last {@value #EDGE} of its bucket); false if redelivered. */
  private boolean keep(int step, Entry entry) {
    List<Entry> bucket =
        steps.get(step).computeIfAbsent(bucketOf(entry.time()), k -> new ArrayList<>(2));
    int at = 0;
    while (at < bucket.size() && bucket.get(at).time() < entry.time()) {
      at++;
    }
    for (int i = at; i < bucket.size() && bucket.get(i).time() == entry.time(); i++) {
      if (bucket.get(i).ref.sameEvent(entry.ref)) {
        return false;
      }
    }
    bucket.add(at, entry);
    if (bucket.size() > CAP) {
      bucket.remove(EDGE);
    }
    return true;
  }

  /** The alert of a chain ending at {@code end}: one event per step, found backwards. */
  private Decision decide(Entry end) {
    List<EventRef> chain = new ArrayList<>(steps.size());
    chain.add(end.ref);
    boolean vip = end.vip;
    long at = end.time();
    for (int j = last() - 1; j >= 0; j--) {
      Entry best = null;
      for (Entry e : entriesIn(j, end.start, at)) {
        if (e.start != NONE && e.start >= end.start && (best == null || e.time() >= best.time())) {
          best = e;
        }
      }
      if (best == null) {
        break; // the link was pushed out of its bucket; the alert names the events still kept
      }
      chain.add(0, best.ref);
      vip |= best.vip;
      at = best.time();
    }
    BitSet sources = new BitSet();
    for (EventRef r : chain) {
      sources.set(r.source());
    }
    return new Decision(
        end.time() - spec.within(),
        end.time(),
        steps.size(),
        false,
        null,
        1,
        end.start,
        chain,
        sources.stream().toArray(),
        vip);
  }

  @Override
  public void prune(long floor) {
    // a chain ending at or after floor starts at or after floor − within
    long before = floor == Long.MIN_VALUE ? floor : floor - spec.within();
    for (TreeMap<Long, List<Entry>> step : steps) {
      Iterator<Map.Entry<Long, List<Entry>>> it = step.entrySet().iterator();
      while (it.hasNext()) {
        if ((it.next().getKey() + 1) * spec.within() - 1 >= before) {
          break;
        }
        it.remove();
      }
    }
    if (bound <= floor) {
      bound = NO_BOUND;
    }
  }

  @Override
  public boolean isEmpty() {
    return bound == NO_BOUND && steps.stream().allMatch(Map::isEmpty);
  }

  @Override
  public void write(StateOutput out) {
    out.byte8(SlotSpec.Kind.ORDERED.ordinal())
        .zigzag(bound)
        .varint(spec.within())
        .varint(steps.size());
    for (TreeMap<Long, List<Entry>> step : steps) {
      out.varint(step.size());
      long previous = 0;
      for (Map.Entry<Long, List<Entry>> bucket : step.entrySet()) {
        long start = bucket.getKey() * spec.within();
        out.zigzag(bucket.getKey() - previous).varint(bucket.getValue().size());
        for (Entry e : bucket.getValue()) {
          e.ref.write(out, start);
          out.byte8((e.vip ? 1 : 0) | (e.start == NONE ? 2 : 0));
          if (e.start != NONE) {
            out.varint(e.time() - e.start);
          }
        }
        previous = bucket.getKey();
      }
    }
  }

  /**
   * Reads a slot written for any version of the rule. When the rule's steps changed, it starts
   * afresh; when only its timespan did, the events are re-bucketed and their starts recomputed.
   */
  static OrderedSlot read(StateInput in, SlotSpec spec) {
    long bound = in.zigzag();
    long storedWithin = in.varint();
    int storedSteps = in.varintAsInt();
    List<List<Entry>> stored = new ArrayList<>(storedSteps);
    for (int s = 0; s < storedSteps; s++) {
      List<Entry> entries = new ArrayList<>();
      int buckets = in.varintAsInt();
      long index = 0;
      for (int b = 0; b < buckets; b++) {
        index += in.zigzag();
        long start = index * storedWithin;
        int size = in.varintAsInt();
        for (int i = 0; i < size; i++) {
          EventRef ref = EventRef.read(in, start);
          int flags = in.byte8();
          long chainStart = (flags & 2) != 0 ? NONE : ref.time() - in.varint();
          entries.add(new Entry(ref, (flags & 1) != 0, chainStart));
        }
      }
      stored.add(entries);
    }
    OrderedSlot slot = new OrderedSlot(spec);
    if (storedSteps != spec.threshold()) {
      return slot;
    }
    boolean recompute = storedWithin != spec.within();
    for (int s = 0; s < storedSteps; s++) {
      for (Entry e : stored.get(s)) {
        if (recompute) {
          e.start = s == 0 ? e.time() : slot.startAt(s - 1, e.time());
        }
        slot.keep(s, e);
      }
    }
    slot.bound = bound;
    return slot;
  }
}
