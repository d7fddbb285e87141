package io.sluice.bench.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.sandbox.traffic.MixedTraffic;
import io.sluice.schemas.RawRef;
import io.sluice.schemas.serde.AvroSerdes;
import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.canonical.EventIds;
import io.sluice.streams.normalize.FeedMapper;
import io.sluice.streams.normalize.FeedMappers;
import io.sluice.streams.normalize.Mapping;
import io.sluice.streams.normalize.RawDocuments;
import io.sluice.streams.normalize.RawEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One raw vendor record to canonical Avro bytes, per feed, on one thread: what {@code
 * NormalizeProcessor} does for each record (event id, its UTF-8 check, JSON parse, the feed's
 * mapper) and the Confluent-wire-format serializer the canonical sink uses (in-memory registry,
 * schema id cached after the first record). Dedup, VIP enrichment and Kafka are not in it. Records
 * are 1,000 distinct ones of the feed from {@link MixedTraffic}, cycled. Target: ≥ 100,000
 * records/s per core for Okta and Mimecast TTP URL.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class MappingBenchmark {
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  @Param({
    MixedTraffic.OKTA,
    MixedTraffic.URL,
    MixedTraffic.ENTRA,
    MixedTraffic.FALCON,
    MixedTraffic.SIEM,
    MixedTraffic.ATTACHMENT,
    MixedTraffic.IMPERSONATION,
    MixedTraffic.DLP,
    MixedTraffic.AUDIT
  })
  public String feed;

  private byte[][] raws;
  private int next;
  private FeedMapper mapper;
  private String source;
  private final Map<CanonicalClass, Serializer<SpecificRecord>> serializers =
      new EnumMap<>(CanonicalClass.class);
  private final Instant now = Instant.now();

  @Setup
  @SuppressWarnings("unchecked")
  public void setUp() {
    List<MixedTraffic.RawRecord> records = FeedRecords.of(feed);
    raws =
        records.stream()
            .map(r -> r.value().getBytes(StandardCharsets.UTF_8))
            .toArray(byte[][]::new);
    mapper =
        FeedMappers.all().stream()
            .filter(m -> m.descriptor().rawTopic().equals(feed))
            .findFirst()
            .orElseThrow();
    source = mapper.descriptor().source();
    Map<String, Object> serde =
        Map.of("schema.registry.url", "mem://jmh-" + feed, "auto.register.schemas", "true");
    for (CanonicalClass c : CanonicalClass.values()) {
      serializers.put(
          c,
          (Serializer<SpecificRecord>)
              (Serializer<?>) AvroSerdes.specific(c.type(), serde, false).serializer());
    }
    for (int i = 0; i < raws.length; i++) {
      if (rawToCanonicalBytes() == null) {
        throw new IllegalStateException(feed + ": a record of the mix does not map");
      }
    }
  }

  @Benchmark
  public byte[] rawToCanonicalBytes() {
    byte[] raw = raws[next];
    next = next + 1 == raws.length ? 0 : next + 1;
    String eventId = EventIds.eventId(source, raw);
    if (!RawDocuments.isUtf8(raw)) {
      return null;
    }
    try {
      ObjectNode json = (ObjectNode) JSON.readTree(raw);
      Mapping mapping =
          mapper.map(new RawEvent(eventId, json, new RawRef(feed, 0, (long) next), now));
      if (mapping instanceof Mapping.Mapped mapped) {
        return serializers
            .get(mapped.canonicalClass())
            .serialize(mapped.canonicalClass().topic(), mapped.value());
      }
      return null;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
