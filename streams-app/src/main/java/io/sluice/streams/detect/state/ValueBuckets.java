package io.sluice.streams.detect.state;

import java.util.Arrays;

/**
 * The distinct values one rule counts for one key (as 64-bit fingerprints), bounded whatever the
 * traffic: per aligned bucket one window long, the {@code cap} values last seen latest (with that
 * time) and the {@code cap} values first seen earliest (with that time).
 *
 * <p>Why that is exact for distinct counts capped at {@code cap}: a window {@code (T − W, T]}
 * covers the end of one bucket and the start of the next. A value is in the end part iff its latest
 * time in that bucket is inside it, and in the start part iff its earliest time in the next bucket
 * is; if {@code cap} kept values qualify on a side the window is saturated, and otherwise no
 * dropped value qualifies (every dropped value lies beyond the kept ones). The earliest times are
 * also where a value enters a window, which is where a distinct count rises.
 */
public final class ValueBuckets extends AlignedBuckets<ValueBuckets.Bucket> {
  public ValueBuckets(long width, int cap) {
    super(width, cap);
  }

  /** One list of (value, time), kept sorted by time then value. */
  private static final class Sightings {
    long[] values = new long[2];
    long[] times = new long[2];
    int size;

    int find(long value) {
      for (int i = 0; i < size; i++) {
        if (values[i] == value) {
          return i;
        }
      }
      return -1;
    }

    void remove(int i) {
      System.arraycopy(values, i + 1, values, i, size - i - 1);
      System.arraycopy(times, i + 1, times, i, size - i - 1);
      size--;
    }

    void insert(long value, long time) {
      int at = 0;
      while (at < size && (times[at] < time || (times[at] == time && values[at] < value))) {
        at++;
      }
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
        times = Arrays.copyOf(times, size * 2);
      }
      System.arraycopy(values, at, values, at + 1, size - at);
      System.arraycopy(times, at, times, at + 1, size - at);
      values[at] = value;
      times[at] = time;
      size++;
    }

    /** Records a sighting, keeping per value the latest (or earliest) time. */
    void see(long value, long time, boolean latest) {
      int i = find(value);
      if (i >= 0) {
        if (latest ? time <= times[i] : time >= times[i]) {
          return;
        }
        remove(i);
      }
      insert(value, time);
    }

    void keepLast(int n) {
      if (size > n) {
        int drop = size - n;
        System.arraycopy(values, drop, values, 0, n);
        System.arraycopy(times, drop, times, 0, n);
        size = n;
      }
    }

    void keepFirst(int n) {
      size = Math.min(size, n);
    }
  }

  static final class Bucket {
    final Sightings latest = new Sightings();
    final Sightings earliest = new Sightings();
  }

  /** Records a value seen at a time; lists may exceed {@code cap} until {@link #trim()}. */
  public void add(long value, long time) {
    Bucket b = buckets.computeIfAbsent(bucketOf(time), k -> new Bucket());
    b.latest.see(value, time, true);
    b.earliest.see(value, time, false);
  }

  public void trim() {
    for (Bucket b : buckets.values()) {
      b.latest.keepLast(cap);
      b.earliest.keepFirst(cap);
    }
  }

  /**
   * Distinct values with a sighting in {@code (from, to]}, exact up to {@code cap}, then {@code
   * cap}; for ranges of at most one width (rule windows).
   */
  public int count(long from, long to) {
    long first = bucketOf(from + 1);
    long last = bucketOf(to);
    long[] seen = new long[2 * cap + 2];
    int n = 0;
    for (long k = first; k <= last; k++) {
      Bucket b = buckets.get(k);
      if (b == null) {
        continue;
      }
      long start = k * width;
      long end = start + width - 1;
      boolean whole = from < start && to >= end;
      int side = 0;
      if (whole || to >= end) {
        // the end of this bucket (or all of it): values last seen after `from`
        for (int i = 0; i < b.latest.size; i++) {
          if (b.latest.times[i] > from) {
            side++;
            n = addDistinct(seen, n, b.latest.values[i]);
          }
        }
        if (side >= cap) {
          return cap;
        }
      }
      if (whole || to < end) {
        side = 0;
        for (int i = 0; i < b.earliest.size; i++) {
          if (b.earliest.times[i] <= to && b.earliest.times[i] > from) {
            side++;
            n = addDistinct(seen, n, b.earliest.values[i]);
          }
        }
        if (side >= cap) {
          return cap;
        }
      }
      if (n >= cap) {
        return cap;
      }
    }
    return Math.min(n, cap);
  }

  private static int addDistinct(long[] seen, int n, long value) {
    for (int i = 0; i < n; i++) {
      if (seen[i] == value) {
        return n;
      }
    }
    if (n < seen.length) {
      seen[n] = value;
      return n + 1;
    }
    return n;
  }

  /** Times at which a kept value was first seen in its bucket, in {@code [from, to)}, ascending. */
  public long[] entriesIn(long from, long to) {
    if (from >= to) {
      return new long[0];
    }
    long[] out = new long[0];
    for (Bucket b : covering(from, to - 1).values()) {
      for (int i = 0; i < b.earliest.size; i++) {
        long t = b.earliest.times[i];
        if (t >= from && t < to) {
          out = Arrays.copyOf(out, out.length + 1);
          out[out.length - 1] = t;
        }
      }
    }
    Arrays.sort(out);
    return out;
  }

  @Override
  protected void writeBucket(StateOutput out, Bucket b, long start) {
    for (Sightings s : new Sightings[] {b.latest, b.earliest}) {
      out.varint(s.size);
      for (int i = 0; i < s.size; i++) {
        out.int64(s.values[i]).varint(s.times[i] - start);
      }
    }
  }

  @Override
  protected Bucket readBucket(StateInput in, long start) {
    Bucket b = new Bucket();
    for (Sightings s : new Sightings[] {b.latest, b.earliest}) {
      int size = in.varintAsInt();
      for (int i = 0; i < size; i++) {
        long value = in.int64();
        s.insert(value, start + in.varint());
      }
    }
    return b;
  }

  /** Reads buckets written with any width and cap, re-bucketing them when the rule changed. */
  public static ValueBuckets read(StateInput in, long width, int cap) {
    long storedWidth = in.varint();
    int storedCap = in.varintAsInt();
    ValueBuckets stored = new ValueBuckets(storedWidth, storedCap);
    stored.readBuckets(in);
    if (storedWidth == width && storedCap == cap) {
      return stored;
    }
    ValueBuckets reshaped = new ValueBuckets(width, cap);
    for (Bucket b : stored.buckets.values()) {
      for (Sightings s : new Sightings[] {b.latest, b.earliest}) {
        for (int i = 0; i < s.size; i++) {
          reshaped.add(s.values[i], s.times[i]);
        }
      }
    }
    reshaped.trim();
    return reshaped;
  }
}
