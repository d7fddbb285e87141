package io.sluice.streams.normalize;

import io.sluice.streams.canonical.Fingerprints;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Remembers which event ids a feed has produced, to drop redeliveries (docs/design.md §7: raw =
 * canonical + DLQ + duplicates).
 *
 * <p>All feeds of a task share one store (the normaliser is one sub-topology over every raw topic),
 * each under its own key prefix, its source name: a feed's slots, its newest slot and so its window
 * are its own, so a feed hours behind another is judged against its own records only.
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
 * <p>Keys: the feed's source name, a zero byte, then 8 big-endian bytes of the slot's first 100 ms
 * slot number times two, plus 1 for a fine slot — so within a feed the store's key order is time
 * order and a coarse slot sorts before its fine slots. Minutes wholly older than the dedup window
 * behind the newest slot are deleted by {@link #expire}; an event older than the window is not
 * consulted (nor remembered). Two different events collide only if their 64-bit fingerprints are
 * equal within one slot: about 10⁻¹⁵ per slot.
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

  private final KeyValueStore<Bytes, byte[]> store;
  private final byte[] prefix;
  private final Bytes first;
  private final Bytes last;
  private final long windowSlots;
  private final int coarseCap;
  private long newestSlot = Long.MIN_VALUE;
  private boolean newestKnown;

  /**
   * @param feed the source whose slots these are, the prefix of its keys in the shared store
   */
  EventIdDedup(KeyValueStore<Bytes, byte[]> store, String feed, Duration window) {
    this(store, feed, window, COARSE_CAP);
  }

  /** With another coarse capacity: tests use a small one to reach the fine slots. */
  EventIdDedup(KeyValueStore<Bytes, byte[]> store, String feed, Duration window, int coarseCap) {
    if (feed.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a source name holds no zero byte: " + feed);
    }
    this.store = store;
    this.prefix = prefix(feed);
    this.first = key(prefix, 0);
    this.last = key(prefix, -1); // all ones: the greatest 8 bytes
    this.windowSlots = Math.max(1, window.toMillis() / SLOT_MS);
    this.coarseCap = coarseCap;
  }

  /** The store's key serde: the feed's prefix and a slot number ({@link #slotKey}). */
  public static Serde<Bytes> keySerde() {
    return Serdes.Bytes();
  }

  /** The store's value serde: a slot's sorted fingerprints, 8 big-endian bytes each. */
  public static Serde<byte[]> fingerprintsSerde() {
    return Serdes.ByteArray();
  }

  /** The store key of {@code feed}'s slot with key number {@code slotKey}. */
  static Bytes key(String feed, long slotKey) {
    return key(prefix(feed), slotKey);
  }

  /** A feed's key prefix: its source name in UTF-8 and a zero byte. */
  private static byte[] prefix(String feed) {
    byte[] name = feed.getBytes(StandardCharsets.UTF_8);
    return Arrays.copyOf(name, name.length + 1);
  }

  private static Bytes key(byte[] prefix, long slotKey) {
    byte[] key = Arrays.copyOf(prefix, prefix.length + Long.BYTES);
    LONGS.set(key, prefix.length, slotKey);
    return Bytes.wrap(key);
  }

  /** The slot key number of a store key. */
  static long slotKey(Bytes key) {
    byte[] bytes = key.get();
    return (long) LONGS.get(bytes, bytes.length - Long.BYTES);
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
    long coarseSlot = coarseKey(slot);
    Bytes coarseKey = key(prefix, coarseSlot);
    byte[] coarse = store.get(coarseKey);
    int inCoarse = search(coarseSlot, coarse, fingerprint);
    if (inCoarse >= 0) {
      return true;
    }
    if (coarse == null || coarse.length / Long.BYTES < coarseCap) {
      store.put(coarseKey, with(coarse, -inCoarse - 1, fingerprint));
      return false;
    }
    long fineSlot = slot * 2 + 1;
    Bytes fineKey = key(prefix, fineSlot);
    byte[] fine = store.get(fineKey);
    int inFine = search(fineSlot, fine, fingerprint);
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
    List<Bytes> old = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> all = store.range(first, last)) {
      while (all.hasNext() && old.size() < MAX_DELETES) {
        KeyValue<Bytes, byte[]> next = all.next();
        if (slotKey(next.key) >= cutoff) {
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
      try (KeyValueIterator<Bytes, byte[]> newest = store.reverseRange(first, last)) {
        if (newest.hasNext()) {
          newestSlot = Math.max(newestSlot, Math.floorDiv(slotKey(newest.next().key), 2));
        }
      }
      newestKnown = true;
    }
    return newestSlot;
  }
}
