package io.sluice.streams.detect.state;

import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Time cut into aligned buckets one window long, each holding at most a fixed number of entries:
 * what {@link TimeBuckets} and {@link ValueBuckets} share.
 *
 * @param <B> one bucket's entries
 */
abstract class AlignedBuckets<B> {
  protected final long width;
  protected final int cap;
  protected final TreeMap<Long, B> buckets = new TreeMap<>();

  AlignedBuckets(long width, int cap) {
    if (width <= 0 || cap <= 0) {
      throw new IllegalArgumentException("width and cap must be positive");
    }
    this.width = width;
    this.cap = cap;
  }

  protected final long bucketOf(long time) {
    return Math.floorDiv(time, width);
  }

  /** The buckets holding times in {@code [from, to]}. */
  protected final NavigableMap<Long, B> covering(long from, long to) {
    return buckets.subMap(bucketOf(from), true, bucketOf(to), true);
  }

  /** Drops the buckets whose every entry is at or before {@code cutoff}. */
  public final void dropThrough(long cutoff) {
    Iterator<Map.Entry<Long, B>> it = buckets.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Long, B> e = it.next();
      if ((e.getKey() + 1) * width - 1 > cutoff) {
        return;
      }
      it.remove();
    }
  }

  public final boolean isEmpty() {
    return buckets.isEmpty();
  }

  /** Writes the shape and every bucket; bucket indexes as deltas, times relative to the bucket. */
  public final void write(StateOutput out) {
    out.varint(width).varint(cap).varint(buckets.size());
    long previous = 0;
    for (Map.Entry<Long, B> e : buckets.entrySet()) {
      out.zigzag(e.getKey() - previous);
      previous = e.getKey();
      writeBucket(out, e.getValue(), e.getKey() * width);
    }
  }

  protected abstract void writeBucket(StateOutput out, B bucket, long start);

  protected abstract B readBucket(StateInput in, long start);

  /** Reads what {@link #write} wrote into this (empty) instance of the stored shape. */
  protected final void readBuckets(StateInput in) {
    int n = in.varintAsInt();
    long index = 0;
    for (int k = 0; k < n; k++) {
      index += in.zigzag();
      buckets.put(index, readBucket(in, index * width));
    }
  }
}
