package io.sluice.streams.testing;

import io.sluice.schemas.Alert;
import io.sluice.schemas.serde.AvroSerdes;
import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.canonical.CanonicalRecords;
import io.sluice.streams.detect.Rule;
import io.sluice.streams.metrics.PipelineMetrics;
import io.sluice.streams.replay.OfflineDriver;
import io.sluice.streams.topology.SluiceTopology;
import io.sluice.streams.topology.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The production topology with given rules, fed canonical records directly (no vendor feed), with
 * every alert topic and the OCSF topic readable.
 */
public final class RuleHarness implements AutoCloseable {
  public final TopologyTestDriver driver;
  public final PipelineMetrics metrics = PipelineMetrics.inMemory();
  private final Map<CanonicalClass, TestInputTopic<String, SpecificRecord>> inputs =
      new EnumMap<>(CanonicalClass.class);
  private final Map<Rule.Area, TestOutputTopic<String, Alert>> alerts =
      new EnumMap<>(Rule.Area.class);
  public final TestOutputTopic<String, String> ocsf;
  public final TestInputTopic<String, String> vips;

  @SuppressWarnings("unchecked")
  public RuleHarness(List<Rule> rules) {
    Map<String, Object> serde =
        Map.of(
            "schema.registry.url",
            "mem://rules-" + UUID.randomUUID(),
            "auto.register.schemas",
            "true");
    driver =
        OfflineDriver.create(
            SluiceTopology.build(List.of(), rules, serde, metrics),
            "sluice-rules-test",
            Instant.parse("2024-05-02T00:00:00Z"));
    for (CanonicalClass c : CanonicalClass.values()) {
      Serde<SpecificRecord> s =
          (Serde<SpecificRecord>) (Serde<?>) AvroSerdes.specific(c.type(), serde, false);
      inputs.put(c, driver.createInputTopic(c.topic(), new StringSerializer(), s.serializer()));
    }
    for (Rule.Area area : Rule.Area.values()) {
      alerts.put(
          area,
          driver.createOutputTopic(
              area.topic(),
              new StringDeserializer(),
              AvroSerdes.specific(Alert.class, serde, false).deserializer()));
    }
    ocsf =
        driver.createOutputTopic(
            Topics.OCSF_ALERTS, new StringDeserializer(), new StringDeserializer());
    vips =
        driver.createInputTopic(Topics.VIP_USERS, new StringSerializer(), new StringSerializer());
  }

  /** Sends a canonical record keyed by its class's key field, at its event time. */
  public void send(SpecificRecord record) {
    CanonicalClass c = CanonicalClass.ofRecord(record).orElseThrow();
    Object key = io.sluice.streams.detect.FieldPathAccess.get(c, record);
    inputs
        .get(c)
        .pipeInput(
            key == null ? null : key.toString(),
            record,
            CanonicalRecords.metadata(record).getTime());
  }

  public List<Alert> alerts(Rule.Area area) {
    return alerts.get(area).readValuesToList();
  }

  /** Every alert written since the last call, all areas together. */
  public List<Alert> allAlerts() {
    List<Alert> all = new ArrayList<>();
    alerts.values().forEach(t -> all.addAll(t.readValuesToList()));
    return all;
  }

  @Override
  public void close() {
    driver.close();
  }
}
