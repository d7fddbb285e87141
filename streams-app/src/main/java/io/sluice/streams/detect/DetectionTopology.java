package io.sluice.streams.detect;

import io.sluice.schemas.Alert;
import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.metrics.PipelineMetrics;
import java.util.List;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * Adds the detection part of the topology: one sub-stream per rule, reading the canonical topics
 * (rules see canonical records only, never vendor shapes). The canonical input streams are shared
 * with the user-risk sub-topology, because a topic can be consumed only once per builder. Every
 * operator, repartition topic and store is named after the rule id, so adding or removing a rule
 * never renames another rule's state.
 */
public final class DetectionTopology {
  private DetectionTopology() {}

  public static void add(
      StreamsBuilder builder,
      List<Rule> rules,
      Function<CanonicalClass, KStream<String, SpecificRecord>> canonicalStream,
      Function<CanonicalClass, Serde<SpecificRecord>> canonicalSerde,
      Serde<Alert> alertSerde,
      PipelineMetrics metrics) {
    for (Rule rule : rules) {
      KStream<String, SpecificRecord> input = canonicalStream.apply(rule.input());
      KStream<String, SpecificRecord> matched =
          input.filter(
              (key, value) -> rule.matches(value) && rule.groupKey(value) != null,
              Named.as(rule.processorName() + "-where"));
      if (!rule.groupsByRecordKey()) {
        matched =
            matched
                .selectKey(
                    (key, value) -> rule.groupKey(value), Named.as(rule.processorName() + "-key"))
                .repartition(
                    Repartitioned.<String, SpecificRecord>as(rule.processorName())
                        .withKeySerde(Serdes.String())
                        .withValueSerde(canonicalSerde.apply(rule.input())));
      }
      builder.addStateStore(
          Stores.keyValueStoreBuilder(
              Stores.persistentKeyValueStore(rule.storeName()),
              Serdes.String(),
              new RuleStateSerde()));
      matched
          .process(
              () -> new ThresholdProcessor(rule, metrics),
              Named.as(rule.processorName()),
              rule.storeName())
          .to(
              rule.area().topic(),
              Produced.with(Serdes.String(), alertSerde)
                  .withName(rule.processorName() + "-to-" + rule.area().topic()));
    }
  }
}
