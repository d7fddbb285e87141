package io.sluice.streams.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.streams.canonical.Fingerprints;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * {@link EventIdDedup} on a real cached RocksDB store in TopologyTestDriver: every event passes
 * exactly once however its redeliveries are interleaved, whether its minute stayed in its coarse
 * slot or spilled into fine ones (a coarse capacity of 4 here, so both grains are exercised).
 */
class EventIdDedupProperties {
  private static final Instant T0 = Instant.parse("2024-05-02T12:00:00Z");
  private static final String STORE = "dedup-test";
  private static final String FEED = "okta.system-log";

  /** One delivery: event {@code id} at {@code offsetMs} after T0. */
  record Delivery(int id, long offsetMs) {}

  @Property(tries = 60)
  void shouldPassEachEventOnceHoweverItIsRedelivered(
      @ForAll("deliveries") List<Delivery> deliveries) {
    try (Dedup dedup = new Dedup(4, Duration.ofHours(24))) {
      List<String> passed = new ArrayList<>();
      for (Delivery d : deliveries) {
        dedup.send(d).ifPresent(passed::add);
      }
      Set<String> distinct = new LinkedHashSet<>();
      deliveries.forEach(d -> distinct.add(Dedup.id(d)));
      assertThat(passed).doesNotHaveDuplicates();
      assertThat(passed).containsExactlyInAnyOrderElementsOf(distinct);
    }
  }

  @Example
  void shouldWriteOneMinuteAsOneSlotUntilItIsFullThenFineSlots() {
    try (Dedup dedup = new Dedup(4, Duration.ofHours(24))) {
      for (int i = 0; i < 4; i++) {
        assertThat(dedup.send(new Delivery(i, i * 1_000L))).isPresent();
      }
      assertThat(dedup.keys()).as("four events of one minute: one coarse slot").hasSize(1);
      assertThat(dedup.send(new Delivery(4, 4_000))).isPresent();
      assertThat(dedup.send(new Delivery(5, 4_050))).isPresent();
      assertThat(dedup.keys()).as("the fifth and sixth share a 100 ms fine slot").hasSize(2);
      assertThat(dedup.send(new Delivery(5, 4_050))).as("redelivery from a fine slot").isEmpty();
      assertThat(dedup.send(new Delivery(1, 1_000))).as("redelivery from the coarse").isEmpty();
    }
  }

  @Example
  void shouldForgetMinutesWhollyOlderThanTheWindowAndKeepTheMinuteAtItsEdge() {
    try (Dedup dedup = new Dedup(1, Duration.ofMinutes(10))) {
      dedup.send(new Delivery(1, 0));
      dedup.send(new Delivery(2, 30_000)); // coarse full: a fine slot of minute 0
      dedup.send(new Delivery(3, 60_000 * 10 + 15_000)); // minute 10: the window edge is 0:15
      dedup.expire();
      assertThat(dedup.send(new Delivery(2, 30_000)))
          .as("0:30 is inside the window: its fine slot is still read with its coarse slot")
          .isEmpty();
      dedup.send(new Delivery(4, 60_000 * 11 + 15_000)); // the edge moves to 1:15
      dedup.expire();
      long minuteOne = EventIdDedup.coarseKey(T0.toEpochMilli() / EventIdDedup.SLOT_MS + 600);
      assertThat(dedup.keys()).isNotEmpty().allMatch(k -> k >= minuteOne);
      assertThat(dedup.send(new Delivery(1, 0)))
          .as("older than the window: not consulted, passes")
          .isPresent();
    }
  }

  @Property(tries = 30)
  void shouldKeepEachSlotAsSortedDistinctBigEndianFingerprints(
      @ForAll("deliveries") List<Delivery> deliveries) {
    try (Dedup dedup = new Dedup(4, Duration.ofHours(24))) {
      deliveries.forEach(dedup::send);
      Set<Long> stored = new LinkedHashSet<>();
      for (byte[] slot : dedup.values()) {
        assertThat(slot.length % Long.BYTES).isZero();
        long[] fingerprints = new long[slot.length / Long.BYTES];
        ByteBuffer.wrap(slot).asLongBuffer().get(fingerprints);
        for (int i = 1; i < fingerprints.length; i++) {
          assertThat(fingerprints[i]).isGreaterThan(fingerprints[i - 1]);
        }
        for (long f : fingerprints) {
          stored.add(f);
        }
      }
      Set<Long> expected = new LinkedHashSet<>();
      deliveries.forEach(d -> expected.add(Fingerprints.ofEventId(Dedup.id(d))));
      assertThat(stored).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Example
  void shouldReadSlotsAsTheLongArrayEncodingWroteThem() {
    try (Dedup dedup = new Dedup(4, Duration.ofHours(24))) {
      long seen = Fingerprints.ofEventId(Dedup.id(new Delivery(7, 1_000)));
      long other = seen == Long.MAX_VALUE ? seen - 1 : seen + 1;
      byte[] slot = ByteBuffer.allocate(2 * Long.BYTES).putLong(seen).putLong(other).array();
      dedup.put(EventIdDedup.coarseKey((T0.toEpochMilli() + 1_000) / EventIdDedup.SLOT_MS), slot);
      assertThat(dedup.send(new Delivery(7, 1_000))).as("found in a slot written before").isEmpty();
      assertThat(dedup.send(new Delivery(8, 1_000))).as("a new event of that slot").isPresent();
    }
  }

  @Example
  void shouldStopOnASlotThatIsNotAListOfFingerprints() {
    try (Dedup dedup = new Dedup(4, Duration.ofHours(24))) {
      long key = EventIdDedup.coarseKey((T0.toEpochMilli() + 1_000) / EventIdDedup.SLOT_MS);
      dedup.put(key, new byte[5]);
      assertThatThrownBy(() -> dedup.send(new Delivery(7, 1_000)))
          .hasStackTraceContaining(
              "dedup slot " + key + " of 5 bytes is not a list of 8-byte fingerprints");
    }
  }

  @Provide
  Arbitrary<List<Delivery>> deliveries() {
    Arbitrary<Delivery> one =
        Combinators.combine(
                Arbitraries.integers().between(0, 60),
                // mostly a few minutes, some events crowded into the same 100 ms
                Arbitraries.oneOf(
                    Arbitraries.longs().between(0, 300_000),
                    Arbitraries.longs().between(120_000, 120_300)))
            .as(Delivery::new);
    // an event's redeliveries carry its first time: same bytes, same event time
    return one.list()
        .ofMinSize(1)
        .ofMaxSize(150)
        .map(
            list -> {
              java.util.Map<Integer, Long> firstTime = new java.util.HashMap<>();
              List<Delivery> out = new ArrayList<>();
              for (Delivery d : list) {
                out.add(new Delivery(d.id(), firstTime.computeIfAbsent(d.id(), k -> d.offsetMs())));
              }
              return out;
            });
  }

  /** A one-processor topology around {@link EventIdDedup}, in TopologyTestDriver. */
  private static final class Dedup implements AutoCloseable {
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, Long> in;
    private final TestOutputTopic<String, Long> out;

    Dedup(int coarseCap, Duration window) {
      Topology topology = new Topology();
      topology.addSource("in", new StringDeserializer(), new LongDeserializer(), "in");
      topology.addProcessor(
          "dedup",
          () ->
              new Processor<String, Long, String, Long>() {
                private ProcessorContext<String, Long> context;
                private EventIdDedup seen;

                @Override
                public void init(ProcessorContext<String, Long> context) {
                  this.context = context;
                  KeyValueStore<Bytes, byte[]> store = context.getStateStore(STORE);
                  this.seen = new EventIdDedup(store, FEED, window, coarseCap);
                }

                @Override
                public void process(Record<String, Long> record) {
                  if (record.value() == null) {
                    seen.expire();
                  } else if (!seen.isDuplicate(record.key(), record.value())) {
                    context.forward(record);
                  }
                }
              },
          "in");
      topology.addStateStore(
          Stores.keyValueStoreBuilder(
                  Stores.persistentKeyValueStore(STORE),
                  EventIdDedup.keySerde(),
                  EventIdDedup.fingerprintsSerde())
              .withCachingEnabled(),
          "dedup");
      topology.addSink("out", "out", new StringSerializer(), new LongSerializer(), "dedup");
      Properties props = new Properties();
      props.put(StreamsConfig.APPLICATION_ID_CONFIG, "dedup-test");
      props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "test.invalid:9092");
      driver = new TopologyTestDriver(topology, props);
      in = driver.createInputTopic("in", new StringSerializer(), new LongSerializer());
      out = driver.createOutputTopic("out", new StringDeserializer(), new LongDeserializer());
    }

    static String id(Delivery d) {
      return String.format("%016x%016x", (d.id() + 1) * 0x9E3779B97F4A7C15L, d.id());
    }

    java.util.Optional<String> send(Delivery d) {
      in.pipeInput(id(d), T0.toEpochMilli() + d.offsetMs());
      return out.isEmpty()
          ? java.util.Optional.empty()
          : java.util.Optional.of(out.readKeyValue().key);
    }

    void expire() {
      in.pipeInput("expire", (Long) null);
    }

    List<Long> keys() {
      List<Long> keys = new ArrayList<>();
      KeyValueStore<Bytes, byte[]> store = driver.getKeyValueStore(STORE);
      try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
        all.forEachRemaining(
            kv -> {
              assertThat(kv.key).isEqualTo(EventIdDedup.key(FEED, EventIdDedup.slotKey(kv.key)));
              keys.add(EventIdDedup.slotKey(kv.key));
            });
      }
      return keys;
    }

    List<byte[]> values() {
      List<byte[]> values = new ArrayList<>();
      KeyValueStore<Bytes, byte[]> store = driver.getKeyValueStore(STORE);
      try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
        all.forEachRemaining(kv -> values.add(kv.value));
      }
      return values;
    }

    void put(long key, byte[] slot) {
      KeyValueStore<Bytes, byte[]> store = driver.getKeyValueStore(STORE);
      store.put(EventIdDedup.key(FEED, key), slot);
    }

    @Override
    public void close() {
      driver.close();
    }
  }
}
