package io.sluice.streams.testing;

import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.metrics.PipelineMetrics;
import io.sluice.streams.normalize.FeedMapper;
import io.sluice.streams.replay.OfflineDriver;
import io.sluice.streams.topology.SluiceTopology;
import io.sluice.streams.topology.Topics;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * One feed's normaliser alone in the production topology (no rules), for counting what comes out:
 * every raw record must land in exactly one canonical topic or the DLQ.
 */
public final class FeedHarness implements AutoCloseable {
  private final TopologyTestDriver driver;
  private final TestInputTopic<byte[], byte[]> raw;
  private final Map<CanonicalClass, TestOutputTopic<byte[], byte[]>> canonical =
      new EnumMap<>(CanonicalClass.class);
  private final TestOutputTopic<byte[], byte[]> dlq;
  private final PipelineMetrics metrics = PipelineMetrics.inMemory();
  private final String source;
  private double duplicatesSeen;
  private double rawEventsSeen;

  public FeedHarness(FeedMapper feed) {
    Map<String, Object> serde =
        Map.of(
            "schema.registry.url",
            "mem://feed-" + UUID.randomUUID(),
            "auto.register.schemas",
            "true");
    driver =
        OfflineDriver.create(
            SluiceTopology.build(List.of(feed), List.of(), serde, metrics),
            "sluice-feed-test",
            Instant.parse("2024-05-02T00:00:00Z"));
    source = feed.descriptor().source();
    raw =
        driver.createInputTopic(
            feed.descriptor().rawTopic(), new ByteArraySerializer(), new ByteArraySerializer());
    for (CanonicalClass c : CanonicalClass.values()) {
      canonical.put(
          c,
          driver.createOutputTopic(
              c.topic(), new ByteArrayDeserializer(), new ByteArrayDeserializer()));
    }
    dlq =
        driver.createOutputTopic(
            Topics.DLQ, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  public void send(byte[] value) {
    raw.pipeInput(null, value, Instant.parse("2024-05-02T12:00:00Z"));
  }

  /** Records written to canonical topics since the last call, all classes together. */
  public long drainCanonical() {
    long n = 0;
    for (TestOutputTopic<byte[], byte[]> topic : canonical.values()) {
      n += topic.readRecordsToList().size();
    }
    return n;
  }

  public long drainDeadLetters() {
    return dlq.readRecordsToList().size();
  }

  /** Raw records dropped as duplicates since the last call. */
  public long drainDuplicates() {
    double total = metrics.count("sluice_duplicates_dropped", "source", source);
    long fresh = Math.round(total - duplicatesSeen);
    duplicatesSeen = total;
    return fresh;
  }

  /**
   * Raw events counted since the last call: one per record, or one per event of a record that held
   * several (a batch, an envelope).
   */
  public long drainRawEvents() {
    double total = metrics.count("sluice_raw_records", "source", source);
    long fresh = Math.round(total - rawEventsSeen);
    rawEventsSeen = total;
    return fresh;
  }

  /** What became of the records sent since the last call: canonical + DLQ + duplicates. */
  public long drainOutcomes() {
    return drainCanonical() + drainDeadLetters() + drainDuplicates();
  }

  public PipelineMetrics metrics() {
    return metrics;
  }

  @Override
  public void close() {
    driver.close();
  }
}
