package io.sluice.streams.detect.state;

import java.util.ArrayList;
import java.util.List;

/**
 * A Sigma count with an upper bound ({@code lt}, {@code lte}, {@code eq}, a range): it cannot fire
 * on crossing, since a window passes through every count on its way up, so it decides a window when
 * the window can no longer grow (docs/sigma.md, "Upper bounds").
 *
 * <p>A window is {@code [t0, t0 + timespan)}, opened by an event {@code t0} that no open window
 * covers; an event joins the earliest open window covering it, so each event counts in one window.
 * The engine closes the windows ending before a time it computes from the feed clocks ({@link
 * #close}); a closed window fires when {@code lower ≤ count ≤ upper} and its end is at or after the
 * suppression bound. From then on an event before the end of the last closed window is late for the
 * rule ({@link #decided}): what was decided stays decided.
 *
 * <p>Bounded by the rule's numbers: at most {@link #MAX_OPEN} open windows (one more closes the
 * earliest at once, as if its time had come), each holding at most {@code upper + 1} fingerprints
 * and {@link Evidence#MAX} evidence refs.
 */
public final class ClosingSlot implements RuleSlot {
  /**
   * Open windows per rule and key. In event-time order a key has at most {@code grace / timespan +
   * 1} open (a window closes once its feeds are a grace past its end), so this binds only timespans
   * under a sixteenth of the grace, or arrivals badly out of order.
   */
  public static final int MAX_OPEN = 16;

  private final SlotSpec spec;
  private final List<ClosingWindow> open = new ArrayList<>(1);
  private long decidedThrough = NO_BOUND;
  private long bound = NO_BOUND;

  ClosingSlot(SlotSpec spec) {
    this.spec = spec;
  }

  private boolean distinct() {
    return spec.kind() == SlotSpec.Kind.CLOSING_DISTINCT;
  }

  private int cap() {
    return spec.upper() + 1;
  }

  /** Whether an event at {@code time} falls before a window already decided: it is late. */
  @Override
  public boolean decided(long time) {
    return time < decidedThrough;
  }

  /** Counts an event in its window; decides nothing unless a window had to close to make room. */
  @Override
  public List<Decision> add(Hit hit) {
    long t = hit.time();
    long timespan = spec.window();
    int fp = hit.ref().fingerprint();
    ClosingWindow target = null;
    int at = 0;
    for (ClosingWindow w : open) {
      if (w.covers(t, timespan) && (target == null || w.has(fp))) {
        target = w; // the earliest covering window, or the one that already counted it
      }
      if (w.start <= t) {
        at++;
      }
    }
    if (target == null) {
      target = new ClosingWindow(t);
      open.add(at, target);
    }
    target.add(hit, cap());
    if (open.size() <= MAX_OPEN) {
      return List.of();
    }
    return close(open.get(0).start + timespan + 1);
  }

  /** Closes every open window that ends before {@code before}; returns those that fire. */
  @Override
  public List<Decision> close(long before) {
    List<Decision> decisions = new ArrayList<>(0);
    while (!open.isEmpty() && open.get(0).start + spec.window() < before) {
      ClosingWindow w = open.remove(0);
      long end = w.start + spec.window();
      decidedThrough = Math.max(decidedThrough, end);
      int count = w.count(distinct());
      if (count >= spec.threshold() && count <= spec.upper() && end >= bound) {
        decisions.add(w.decision(end, distinct()));
        bound = end + spec.suppress();
      }
    }
    return decisions;
  }

  @Override
  public void prune(long floor) {
    if (decidedThrough <= floor) {
      decidedThrough = NO_BOUND; // no event still to come is before it
    }
    if (bound <= floor) {
      bound = NO_BOUND;
    }
  }

  @Override
  public boolean isEmpty() {
    return open.isEmpty() && decidedThrough == NO_BOUND && bound == NO_BOUND;
  }

  /** Open windows, for tests. */
  int openWindows() {
    return open.size();
  }

  @Override
  public void write(StateOutput out) {
    out.byte8(spec.kind().ordinal()).zigzag(bound).zigzag(decidedThrough).varint(open.size());
    long base = 0;
    for (ClosingWindow w : open) {
      w.write(out, base);
      base = w.start;
    }
  }

  /** Reads a slot written with any bounds and timespan: the current ones apply from now on. */
  static ClosingSlot read(StateInput in, SlotSpec spec) {
    ClosingSlot slot = new ClosingSlot(spec);
    slot.bound = in.zigzag();
    slot.decidedThrough = in.zigzag();
    int n = in.varintAsInt();
    long base = 0;
    for (int i = 0; i < n; i++) {
      ClosingWindow w = ClosingWindow.read(in, base, slot.cap());
      slot.open.add(w);
      base = w.start;
    }
    return slot;
  }
}
