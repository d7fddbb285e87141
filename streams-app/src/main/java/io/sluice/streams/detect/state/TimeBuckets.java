package io.sluice.streams.detect.state;

import java.util.Arrays;
import java.util.Map;

/**
 * The event times one rule keeps for one key, bounded whatever the traffic: time is cut into
 * aligned buckets one window long, and each bucket keeps only its {@code cap} earliest and {@code
 * cap} latest events (by time, then fingerprint), plus the earliest and latest time of each feed.
 *
 * <p>Why that is exact for counts capped at {@code cap} (the threshold): a window {@code (T − W,
 * T]} covers the end of one bucket and the start of the next. Events in the end of a bucket are
 * counted from its latest {@code cap}; events in the start of the next, from its earliest {@code
 * cap}. If a side holds {@code cap} kept events the window is saturated whatever was dropped;
 * otherwise nothing that side covers was dropped (a dropped event has {@code cap} kept ones on both
 * sides of it in its bucket). The same holds for the feeds of a window: per feed, the earliest and
 * the latest time of each bucket tell whether it has an event in either part.
 *
 * <p>Events are identified by a 32-bit fingerprint of their event id, so a redelivery of a kept
 * event is recognised and not counted twice; a redelivery of a dropped event cannot change a capped
 * count (its bucket is saturated on both sides).
 */
public final class TimeBuckets extends AlignedBuckets<TimeBuckets.Bucket> {
  public TimeBuckets(long width, int cap) {
    super(width, cap);
  }

  /** Events of one bucket, sorted by (time, fingerprint); feeds with their first and last time. */
  static final class Bucket {
    long[] times = new long[4];
    int[] fps = new int[4];
    int size;
    int[] sources = new int[0];
    long[] sourceMin = new long[0];
    long[] sourceMax = new long[0];
    long vipMin = Long.MAX_VALUE;
    long vipMax = Long.MIN_VALUE;

    int indexOf(long time, int fp) {
      int lo = 0;
      int hi = size - 1;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        int c = compare(times[mid], fps[mid], time, fp);
        if (c < 0) {
          lo = mid + 1;
        } else if (c > 0) {
          hi = mid - 1;
        } else {
          return mid;
        }
      }
      return -(lo + 1);
    }

    void insertAt(int at, long time, int fp) {
      if (size == times.length) {
        times = Arrays.copyOf(times, size * 2);
        fps = Arrays.copyOf(fps, size * 2);
      }
      System.arraycopy(times, at, times, at + 1, size - at);
      System.arraycopy(fps, at, fps, at + 1, size - at);
      times[at] = time;
      fps[at] = fp;
      size++;
    }

    void source(int source, long time) {
      for (int i = 0; i < sources.length; i++) {
        if (sources[i] == source) {
          sourceMin[i] = Math.min(sourceMin[i], time);
          sourceMax[i] = Math.max(sourceMax[i], time);
          return;
        }
      }
      int n = sources.length;
      sources = Arrays.copyOf(sources, n + 1);
      sourceMin = Arrays.copyOf(sourceMin, n + 1);
      sourceMax = Arrays.copyOf(sourceMax, n + 1);
      sources[n] = source;
      sourceMin[n] = time;
      sourceMax[n] = time;
    }

    /** Keeps the first and last {@code cap} events. */
    void trim(int cap) {
      if (size <= 2 * cap) {
        return;
      }
      int drop = size - 2 * cap;
      System.arraycopy(times, cap + drop, times, cap, cap);
      System.arraycopy(fps, cap + drop, fps, cap, cap);
      size = 2 * cap;
    }
  }

  private static int compare(long t1, int fp1, long t2, int fp2) {
    int byTime = Long.compare(t1, t2);
    return byTime != 0 ? byTime : Integer.compare(fp1, fp2);
  }

  /**
   * Adds an event; the bucket may hold more than {@code 2 cap} events until {@link #trim()}, so
   * that decisions taken right after an insert still see the events it pushes out.
   *
   * @param source the feed's index in the partition's source table, or -1 for none
   * @param vip whether the event's user was a VIP when the event reached the rule
   * @return false when this event (same time and fingerprint) is already kept: a redelivery
   */
  public boolean add(long time, int fingerprint, int source, boolean vip) {
    Bucket bucket = buckets.computeIfAbsent(bucketOf(time), b -> new Bucket());
    int at = bucket.indexOf(time, fingerprint);
    if (at >= 0) {
      return false;
    }
    bucket.insertAt(-at - 1, time, fingerprint);
    if (source >= 0) {
      bucket.source(source, time);
    }
    if (vip) {
      bucket.vipMin = Math.min(bucket.vipMin, time);
      bucket.vipMax = Math.max(bucket.vipMax, time);
    }
    return true;
  }

  /** Drops what the bound on bucket size allows: call after the decisions of an insert. */
  public void trim() {
    for (Bucket bucket : buckets.values()) {
      bucket.trim(cap);
    }
  }

  /** The number of events in {@code (from, to]}, exact up to {@code cap}, then {@code cap}. */
  public int count(long from, long to) {
    int n = 0;
    for (Bucket bucket : covering(from, to).values()) {
      for (int i = 0; i < bucket.size; i++) {
        long t = bucket.times[i];
        if (t > from && t <= to) {
          n++;
        }
      }
    }
    return Math.min(n, cap);
  }

  /** Kept event times in {@code [from, to)}, ascending. */
  public long[] timesIn(long from, long to) {
    if (from >= to) {
      return new long[0];
    }
    long[] out = new long[8];
    int n = 0;
    for (Bucket bucket : covering(from, to - 1).values()) {
      for (int i = 0; i < bucket.size; i++) {
        long t = bucket.times[i];
        if (t >= from && t < to && (n == 0 || out[n - 1] != t)) {
          if (n == out.length) {
            out = Arrays.copyOf(out, n * 2);
          }
          out[n++] = t;
        }
      }
    }
    return Arrays.copyOf(out, n);
  }

  /** The earliest kept event time in {@code (from, to]}, or {@code Long.MIN_VALUE}. */
  public long earliestIn(long from, long to) {
    for (Bucket bucket : covering(from, to).values()) {
      for (int i = 0; i < bucket.size; i++) {
        long t = bucket.times[i];
        if (t > from && t <= to) {
          return t;
        }
      }
    }
    return Long.MIN_VALUE;
  }

  /**
   * The feeds (source indexes) with an event in {@code (from, to]}, for windows of at most one
   * width.
   */
  public int[] sourcesIn(long from, long to) {
    int[] out = new int[0];
    for (Map.Entry<Long, Bucket> e : covering(from, to).entrySet()) {
      Bucket b = e.getValue();
      for (int i = 0; i < b.sources.length; i++) {
        if (b.sourceMax[i] > from && b.sourceMin[i] <= to && !contains(out, b.sources[i])) {
          out = Arrays.copyOf(out, out.length + 1);
          out[out.length - 1] = b.sources[i];
        }
      }
    }
    return out;
  }

  /** Whether a VIP's event is in {@code (from, to]}, for windows of at most one width. */
  public boolean vipIn(long from, long to) {
    for (Bucket b : covering(from, to).values()) {
      if (b.vipMax > from && b.vipMin <= to) {
        return true;
      }
    }
    return false;
  }

  /** The latest kept event time, or {@code Long.MIN_VALUE} when empty. */
  public long latest() {
    if (buckets.isEmpty()) {
      return Long.MIN_VALUE;
    }
    Bucket last = buckets.lastEntry().getValue();
    return last.times[last.size - 1];
  }

  /** Kept events in all, for tests and the state-size gauge. */
  public int size() {
    int n = 0;
    for (Bucket b : buckets.values()) {
      n += b.size;
    }
    return n;
  }

  @Override
  protected void writeBucket(StateOutput out, Bucket b, long start) {
    out.varint(b.size);
    for (int i = 0; i < b.size; i++) {
      out.varint(b.times[i] - start).int32(b.fps[i]);
    }
    out.varint(b.sources.length);
    for (int i = 0; i < b.sources.length; i++) {
      out.varint(b.sources[i]).varint(b.sourceMin[i] - start).varint(b.sourceMax[i] - start);
    }
    if (b.vipMax == Long.MIN_VALUE) {
      out.byte8(0);
    } else {
      out.byte8(1).varint(b.vipMin - start).varint(b.vipMax - start);
    }
  }

  @Override
  protected Bucket readBucket(StateInput in, long start) {
    Bucket b = new Bucket();
    int size = in.varintAsInt();
    b.times = new long[Math.max(4, size)];
    b.fps = new int[Math.max(4, size)];
    for (int i = 0; i < size; i++) {
      b.times[i] = start + in.varint();
      b.fps[i] = in.int32();
    }
    b.size = size;
    int sources = in.varintAsInt();
    b.sources = new int[sources];
    b.sourceMin = new long[sources];
    b.sourceMax = new long[sources];
    for (int i = 0; i < sources; i++) {
      b.sources[i] = in.varintAsInt();
      b.sourceMin[i] = start + in.varint();
      b.sourceMax[i] = start + in.varint();
    }
    if (in.byte8() == 1) {
      b.vipMin = start + in.varint();
      b.vipMax = start + in.varint();
    }
    return b;
  }

  /**
   * Reads buckets written with any width and cap. When the rule's numbers changed since (an
   * override, a live update), the kept events are re-bucketed into the new shape: from then on the
   * new window and threshold apply, and counts may fall short until one window has passed (the old
   * shape kept fewer events per bucket).
   */
  public static TimeBuckets read(StateInput in, long width, int cap) {
    long storedWidth = in.varint();
    int storedCap = in.varintAsInt();
    TimeBuckets stored = new TimeBuckets(storedWidth, storedCap);
    stored.readBuckets(in);
    if (storedWidth == width && storedCap == cap) {
      return stored;
    }
    TimeBuckets reshaped = new TimeBuckets(width, cap);
    for (Bucket b : stored.buckets.values()) {
      for (int i = 0; i < b.size; i++) {
        reshaped.add(b.times[i], b.fps[i], -1, false);
      }
      for (int i = 0; i < b.sources.length; i++) {
        for (long t : new long[] {b.sourceMin[i], b.sourceMax[i]}) {
          Bucket target = reshaped.buckets.get(reshaped.bucketOf(t));
          if (target != null) {
            target.source(b.sources[i], t);
          }
        }
      }
    }
    reshaped.trim();
    return reshaped;
  }

  private static boolean contains(int[] values, int value) {
    for (int v : values) {
      if (v == value) {
        return true;
      }
    }
    return false;
  }
}
