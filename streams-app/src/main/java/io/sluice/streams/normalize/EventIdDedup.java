package io.sluice.streams.normalize;

import io.sluice.streams.canonical.Fingerprints;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Remembers which event ids a feed has produced, to drop redeliveries (docs/design.md §7: raw =
 * canonical + DLQ + duplicates).
 *
 * <p>A redelivered record has the same bytes, so the same event id and the same event time. The
 * store is keyed by 100 ms slot of event time, each value the sorted 64-bit fingerprints (the first
 * half of the 128-bit event id) of the events of that slot. A live feed touches one or two slots
 * per commit, and the record cache collapses the writes to a slot into one changelog record per
 * commit, instead of one per event as a per-id store writes; a slot holds what the feed produces in
 * 100 ms, far from Kafka's record-size limit at any realistic rate (80 KB at 100,000 events/s for
 * one partition). Slots older than the dedup window behind the newest slot are deleted by {@link
 * #expire}.
 *
 * <p>Two different events collide only if their 64-bit fingerprints are equal within the same 100
 * ms slot: about 10⁻¹² per slot even at 100,000 events/s.
 */
public final class EventIdDedup {
  static final long SLOT_MS = 100;

  /** Deletes done per {@link #expire} call at most, so one punctuation stays short. */
  private static final int MAX_DELETES = 10_000;

  private final KeyValueStore<Long, long[]> store;
  private final long windowSlots;
  private long newestSlot = Long.MIN_VALUE;
  private boolean newestKnown;

  EventIdDedup(KeyValueStore<Long, long[]> store, Duration window) {
    this.store = store;
    this.windowSlots = Math.max(1, window.toMillis() / SLOT_MS);
  }

  /** The store's value serde: a slot's sorted fingerprints. */
  public static Serde<long[]> fingerprintsSerde() {
    return Serdes.serdeFrom(new FingerprintsSerializer(), new FingerprintsDeserializer());
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
    long[] seen = store.get(slot);
    if (seen == null) {
      store.put(slot, new long[] {fingerprint});
      return false;
    }
    int at = Arrays.binarySearch(seen, fingerprint);
    if (at >= 0) {
      return true;
    }
    int insert = -at - 1;
    long[] grown = new long[seen.length + 1];
    System.arraycopy(seen, 0, grown, 0, insert);
    grown[insert] = fingerprint;
    System.arraycopy(seen, insert, grown, insert + 1, seen.length - insert);
    store.put(slot, grown);
    return false;
  }

  /** Deletes slots more than the dedup window behind the newest slot; at most a bounded number. */
  void expire() {
    long newest = newestSlot();
    if (newest == Long.MIN_VALUE) {
      return;
    }
    long cutoff = newest - windowSlots;
    List<Long> old = new ArrayList<>();
    try (KeyValueIterator<Long, long[]> all = store.all()) {
      while (all.hasNext() && old.size() < MAX_DELETES) {
        KeyValue<Long, long[]> next = all.next();
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
      try (KeyValueIterator<Long, long[]> last = store.reverseAll()) {
        if (last.hasNext()) {
          newestSlot = Math.max(newestSlot, last.next().key);
        }
      }
      newestKnown = true;
    }
    return newestSlot;
  }

  private static final class FingerprintsSerializer implements Serializer<long[]> {
    @Override
    public byte[] serialize(String topic, long[] data) {
      if (data == null) {
        return null;
      }
      ByteBuffer buffer = ByteBuffer.allocate(data.length * Long.BYTES);
      buffer.asLongBuffer().put(data);
      return buffer.array();
    }
  }

  private static final class FingerprintsDeserializer implements Deserializer<long[]> {
    @Override
    public long[] deserialize(String topic, byte[] data) {
      if (data == null) {
        return null;
      }
      if (data.length % Long.BYTES != 0) {
        throw new IllegalStateException(
            "dedup slot of " + data.length + " bytes is not a list of 8-byte fingerprints");
      }
      long[] values = new long[data.length / Long.BYTES];
      ByteBuffer.wrap(data).asLongBuffer().get(values);
      return values;
    }
  }
}
