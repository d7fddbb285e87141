package io.sluice.streams.topology;

import io.sluice.schemas.Alert;
import io.sluice.schemas.serde.AvroSerdes;
import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.detect.DetectionTopology;
import io.sluice.streams.detect.Rule;
import io.sluice.streams.metrics.PipelineMetrics;
import io.sluice.streams.normalize.FeedDescriptor;
import io.sluice.streams.normalize.FeedMapper;
import io.sluice.streams.normalize.NormalizeProcessor;
import io.sluice.streams.normalize.Normalized;
import io.sluice.streams.normalize.VendorTimeExtractor;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.BranchedKStream;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The whole Sluice topology as a pure function of its inputs: production ({@code KafkaStreams}),
 * {@code ./sluice replay} and the tests all build exactly this.
 *
 * <ol>
 *   <li>normalise: each raw feed → its canonical class topics, or {@code sluice.dlq};
 *   <li>detect: each rule reads its canonical topic and writes {@code alerts.<area>}.
 * </ol>
 */
public final class SluiceTopology {
  private SluiceTopology() {}

  /**
   * @param serdeConfig schema-registry settings for the Avro serdes
   */
  public static Topology build(
      List<FeedMapper> feeds,
      List<Rule> rules,
      Map<String, ?> serdeConfig,
      PipelineMetrics metrics) {
    StreamsBuilder builder = new StreamsBuilder();
    Map<CanonicalClass, Serde<SpecificRecord>> canonicalSerdes =
        new EnumMap<>(CanonicalClass.class);
    for (CanonicalClass c : CanonicalClass.values()) {
      canonicalSerdes.put(c, canonicalSerde(c, serdeConfig));
    }
    for (FeedMapper feed : feeds) {
      addNormalizer(builder, feed, canonicalSerdes, metrics);
    }
    Serde<Alert> alertSerde = AvroSerdes.specific(Alert.class, serdeConfig, false);
    DetectionTopology.add(builder, rules, canonicalSerdes::get, alertSerde, metrics);
    return builder.build();
  }

  private static void addNormalizer(
      StreamsBuilder builder,
      FeedMapper feed,
      Map<CanonicalClass, Serde<SpecificRecord>> canonicalSerdes,
      PipelineMetrics metrics) {
    FeedDescriptor d = feed.descriptor();
    String name = "normalize-" + d.source();
    KStream<byte[], Normalized> normalized =
        builder.stream(
                d.rawTopic(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                    .withTimestampExtractor(new VendorTimeExtractor(d.timeFields()))
                    .withName(name + "-source"))
            .process(() -> new NormalizeProcessor(feed, metrics), Named.as(name));
    BranchedKStream<byte[], Normalized> routes = normalized.split(Named.as(name + "-route-"));
    for (CanonicalClass c : feed.outputs().stream().sorted().toList()) {
      routes.branch(
          (key, value) -> value.canonicalClass() == c,
          Branched.withConsumer(
              branch ->
                  branch
                      .mapValues(Normalized::value, Named.as(name + "-" + c.ruleName() + "-value"))
                      .to(
                          c.topic(),
                          Produced.with(Serdes.ByteArray(), canonicalSerdes.get(c))
                              .withName(name + "-to-" + c.topic())),
              c.ruleName()));
    }
    routes.branch(
        (key, value) -> value.isDeadLetter(),
        Branched.withConsumer(
            branch ->
                branch
                    .mapValues(Normalized::rawValue, Named.as(name + "-dlq-value"))
                    .to(
                        Topics.DLQ,
                        Produced.with(Serdes.ByteArray(), Serdes.ByteArray())
                            .withName(name + "-to-" + Topics.DLQ)),
            "dlq"));
    routes.noDefaultBranch();
  }

  @SuppressWarnings("unchecked")
  private static Serde<SpecificRecord> canonicalSerde(
      CanonicalClass c, Map<String, ?> serdeConfig) {
    return (Serde<SpecificRecord>) AvroSerdes.specific(c.type(), serdeConfig, false);
  }
}
