package io.sluice.streams.normalize;

import io.sluice.streams.canonical.Fingerprints;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Remembers which event ids a feed has produced, to drop redeliveries (docs/design.md §7: raw =
 * canonical + DLQ + duplicates).
 *
 * <p>A redelivered record has the same bytes, so the same event id and the same event time. The
 * store holds sorted 64-bit fingerprints (the first half of the 128-bit event id) by slot of event
 * time, at two grains:
 *
 * <ul>
 *   <li>a <b>coarse slot</b> of 60 s takes a feed's events until it holds {@value #COARSE_CAP}
 *       fingerprints (4 KiB);
 *   <li>once it is full, further events of that minute go to <b>fine slots</b> of 100 ms.
 * </ul>
 *
 * A lookup reads the coarse slot and, only when it is full, the fine one. This is exact: a
 * fingerprint went to a fine slot only when its coarse slot was already full, and a coarse slot
 * never shrinks until the whole minute expires. Both grains go through the record cache, so what
 * reaches the changelog is one record per slot touched per commit: a backfill or a quiet feed,
 * whose commit covers minutes of event time with a few events each, writes one record per minute
 * instead of one per event (the 100 ms slots alone cost 0.99 changelog records per event in the
 * pipeline bench); a busy live feed fills its minute and then writes one or two fine slots per
 * commit, as before. No value passes a few KiB at any rate a partition can take (a 100 ms slot at
 * 100,000 events/s: 80 KB), far from Kafka's record-size limit.
 *
 * <p>Keys: a slot's key is its first 100 ms slot number times two, plus 1 for a fine slot — so the
 * store's key order is time order and a coarse slot sorts before its fine slots. Minutes wholly
 * older than the dedup window behind the newest slot are deleted by {@link #expire}; an event older
 * than the window is not consulted (nor remembered). Two different events collide only if their
 * 64-bit fingerprints are equal within one slot: about 10⁻¹⁵ per slot.
 */
public final class EventIdDedup {
  static final long SLOT_MS = 100;

  /** Fine slots per coarse slot: a coarse slot spans 60 s. */
  static final long FINE_PER_COARSE = 600;

  /** Fingerprints a coarse slot takes before its minute continues in fine slots. */
  static final int COARSE_CAP = 512;

  /** Deletes done per {@link #expire} call at most, so one punctuation stays short. */
  private static final int MAX_DELETES = 10_000;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final KeyValueStore<Long, byte[]> store;
  private final long windowSlots;
  private final int coarseCap;
  private long newestSlot = Long.MIN_VALUE;
  private boolean newestKnown;

  EventIdDedup(KeyValueStore<Long, byte[]> store, Duration window) {
    this(store, window, COARSE_CAP);
  }

  /** With another coarse capacity: tests use a small one to reach the fine slots. */
  EventIdDedup(KeyValueStore<Long, byte[]> store, Duration window, int coarseCap) {
    this.store = store;
    this.windowSlots = Math.max(1, window.toMillis() / SLOT_MS);
    this.coarseCap = coarseCap;
  }

  /** The store's value serde: a slot's sorted fingerprints, 8 big-endian bytes each. */
  public static Serde<byte[]> fingerprintsSerde() {
    return Serdes.ByteArray();
  }

  /** True when the event was seen before; otherwise remembers it and returns false. */
  boolean isDuplicate(String eventId, long eventTime) {
    long fingerprint = Fingerprints.ofEventId(eventId);
    long slot = Math.floorDiv(eventTime, SLOT_MS);
    long newest = Math.max(newestSlot(), slot);
    newestSlot = newest;
    if (slot < newest - windowSlots) {
      return false;
    }
    long coarseKey = coarseKey(slot);
    byte[] coarse = store.get(coarseKey);
    int inCoarse = search(coarseKey, coarse, fingerprint);
    if (inCoarse >= 0) {
      return true;
    }
    if (coarse == null || coarse.length / Long.BYTES < coarseCap) {
      store.put(coarseKey, with(coarse, -inCoarse - 1, fingerprint));
      return false;
    }
    long fineKey = slot * 2 + 1;
    byte[] fine = store.get(fineKey);
    int inFine = search(fineKey, fine, fingerprint);
    if (inFine >= 0) {
      return true;
    }
    store.put(fineKey, with(fine, -inFine - 1, fingerprint));
    return false;
  }

  /**
   * Where {@code fingerprint} is among a slot's sorted fingerprints, as {@link
   * java.util.Arrays#binarySearch(long[], long)} answers: its index, or {@code -(insertion point) -
   * 1}.
   */
  private static int search(long key, byte[] slot, long fingerprint) {
    if (slot == null) {
      return -1;
    }
    if (slot.length % Long.BYTES != 0) {
      throw new IllegalStateException(
          "dedup slot "
              + key
              + " of "
              + slot.length
              + " bytes is not a list of 8-byte fingerprints");
    }
    int low = 0;
    int high = slot.length / Long.BYTES - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      long value = (long) LONGS.get(slot, mid * Long.BYTES);
      if (value < fingerprint) {
        low = mid + 1;
      } else if (value > fingerprint) {
        high = mid - 1;
      } else {
        return mid;
      }
    }
    return -(low + 1);
  }

  /** The key of the coarse slot (minute) holding a 100 ms slot. */
  static long coarseKey(long slot) {
    return Math.floorDiv(slot, FINE_PER_COARSE) * FINE_PER_COARSE * 2;
  }

  /**
   * A new value: {@code seen} (sorted, may be null) with {@code fingerprint} at index {@code
   * insert}. The value read from the store is never changed in place: the record cache holds it.
   */
  private static byte[] with(byte[] seen, int insert, long fingerprint) {
    int length = seen == null ? 0 : seen.length;
    byte[] grown = new byte[length + Long.BYTES];
    int at = insert * Long.BYTES;
    if (seen != null) {
      System.arraycopy(seen, 0, grown, 0, at);
      System.arraycopy(seen, at, grown, at + Long.BYTES, length - at);
    }
    LONGS.set(grown, at, fingerprint);
    return grown;
  }

  /**
   * Deletes the minutes wholly older than the dedup window behind the newest slot (the minute
   * holding the window's edge stays whole, so its fine slots are never read without their coarse
   * slot); at most a bounded number of keys per call.
   */
  void expire() {
    long newest = newestSlot();
    if (newest == Long.MIN_VALUE) {
      return;
    }
    long cutoff = coarseKey(newest - windowSlots);
    List<Long> old = new ArrayList<>();
    try (KeyValueIterator<Long, byte[]> all = store.all()) {
      while (all.hasNext() && old.size() < MAX_DELETES) {
        KeyValue<Long, byte[]> next = all.next();
        if (next.key >= cutoff) {
          break;
        }
        old.add(next.key);
      }
    }
    old.forEach(store::delete);
  }

  /** The newest slot in the store: read from it once (after a restart), then kept. */
  private long newestSlot() {
    if (!newestKnown) {
      try (KeyValueIterator<Long, byte[]> last = store.reverseAll()) {
        if (last.hasNext()) {
          newestSlot = Math.max(newestSlot, Math.floorDiv(last.next().key, 2));
        }
      }
      newestKnown = true;
    }
    return newestSlot;
  }
}
