package io.sluice.streams.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.schemas.Alert;
import io.sluice.schemas.AuthenticationEvent;
import io.sluice.schemas.serde.AvroSerdes;
import io.sluice.streams.detect.Rule;
import io.sluice.streams.detect.RuleBook;
import io.sluice.streams.detect.RuleSet;
import io.sluice.streams.metrics.PipelineMetrics;
import io.sluice.streams.normalize.FeedMappers;
import io.sluice.streams.replay.OfflineDriver;
import io.sluice.streams.topology.SluiceTopology;
import io.sluice.streams.topology.Topics;
import io.sluice.streams.topology.TopologyOptions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The production topology in TopologyTestDriver, with typed handles on the topics tests use. */
public final class TopologyHarness implements AutoCloseable {
  public final TopologyTestDriver driver;
  public final PipelineMetrics metrics = PipelineMetrics.inMemory();
  public final TestInputTopic<byte[], byte[]> okta;
  public final TestOutputTopic<String, AuthenticationEvent> authentication;
  public final TestOutputTopic<byte[], byte[]> dlq;
  public final TestOutputTopic<String, Alert> authAlerts;
  public final TestInputTopic<String, String> vips;
  private final Map<String, Object> serde;

  public TopologyHarness(List<Rule> rules) {
    this(RuleBook.of(new RuleSet(rules)));
  }

  /** The topology with the given rule book, e.g. live rules following {@code sluice.rules}. */
  public TopologyHarness(RuleBook rules) {
    serde =
        Map.of(
            "schema.registry.url",
            "mem://test-" + UUID.randomUUID(),
            "auto.register.schemas",
            "true");
    driver =
        OfflineDriver.create(
            SluiceTopology.build(
                FeedMappers.all(), rules, serde, metrics, TopologyOptions.defaults()),
            "sluice-test",
            Instant.parse("2024-05-02T00:00:00Z"));
    okta =
        driver.createInputTopic(
            "raw.okta.system-log", new ByteArraySerializer(), new ByteArraySerializer());
    vips =
        driver.createInputTopic(Topics.VIP_USERS, new StringSerializer(), new StringSerializer());
    authentication =
        driver.createOutputTopic(
            "canonical.authentication",
            new StringDeserializer(),
            AvroSerdes.specific(AuthenticationEvent.class, serde, false).deserializer());
    dlq =
        driver.createOutputTopic(
            Topics.DLQ, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    authAlerts =
        driver.createOutputTopic(
            "alerts.authentication",
            new StringDeserializer(),
            AvroSerdes.specific(Alert.class, serde, false).deserializer());
  }

  /** Sends an Okta record as a connector would: key = uuid, value = the vendor JSON bytes. */
  public void sendOkta(ObjectNode event) {
    okta.pipeInput(
        event.get("uuid").asText().getBytes(StandardCharsets.UTF_8),
        event.toString().getBytes(StandardCharsets.UTF_8),
        Instant.parse(event.get("published").asText()));
  }

  /** The Avro alerts of one area's topic. */
  public TestOutputTopic<String, Alert> alerts(Rule.Area area) {
    return driver.createOutputTopic(
        area.topic(),
        new StringDeserializer(),
        AvroSerdes.specific(Alert.class, serde, false).deserializer());
  }

  /** Every alert as OCSF Detection Finding JSON. */
  public TestOutputTopic<String, String> ocsfAlerts() {
    return driver.createOutputTopic(
        Topics.OCSF_ALERTS, new StringDeserializer(), new StringDeserializer());
  }

  public void sendRaw(String value) {
    okta.pipeInput(null, value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    driver.close();
  }
}
