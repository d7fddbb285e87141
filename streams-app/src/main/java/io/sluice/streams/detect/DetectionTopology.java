package io.sluice.streams.detect;

import io.sluice.schemas.Alert;
import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.metrics.PipelineMetrics;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Adds the detection part of the topology: one sub-stream per rule, reading the canonical topics
 * (rules see canonical records only, never vendor shapes). Every operator, repartition topic and
 * store is named after the rule id, so adding or removing a rule never renames another rule's
 * state. Every alert goes to its area's topic as Avro and to {@code alerts.ocsf-json} as an OCSF
 * Detection Finding.
 */
public final class DetectionTopology {
  private DetectionTopology() {}

  /**
   * @param canonicalStream the shared source stream of a canonical topic (a topic can be consumed
   *     only once per builder, and user risk reads the same topics)
   */
  public static void add(
      StreamsBuilder builder,
      List<Rule> rules,
      Function<CanonicalClass, KStream<String, SpecificRecord>> canonicalStream,
      Function<CanonicalClass, Serde<SpecificRecord>> canonicalSerde,
      Serde<Alert> alertSerde,
      PipelineMetrics metrics) {
    Function<CanonicalClass, KStream<String, SpecificRecord>> input = canonicalStream;
    KStream<String, Alert> allAlerts = null;
    for (Rule rule : rules) {
      KStream<String, SpecificRecord> keyed = keyedInput(rule, input, canonicalSerde);
      KStream<String, Alert> alerts;
      if (rule.type() == Rule.Type.SEQUENCE) {
        builder.addStateStore(store(rule, new RuleStateSerde.Sequence()));
        ProcessorSupplier<String, SpecificRecord, String, Alert> supplier =
            () -> new SequenceProcessor(rule, metrics);
        alerts = keyed.process(supplier, Named.as(rule.processorName()), rule.storeName());
      } else {
        builder.addStateStore(store(rule, new RuleStateSerde()));
        ProcessorSupplier<String, SpecificRecord, String, Alert> supplier =
            () -> new ThresholdProcessor(rule, metrics);
        alerts = keyed.process(supplier, Named.as(rule.processorName()), rule.storeName());
      }
      alerts.to(
          rule.area().topic(),
          Produced.with(Serdes.String(), alertSerde)
              .withName(rule.processorName() + "-to-" + rule.area().topic()));
      allAlerts =
          allAlerts == null
              ? alerts
              : allAlerts.merge(alerts, Named.as(rule.processorName() + "-all-alerts"));
    }
    if (allAlerts != null) {
      allAlerts
          .mapValues(OcsfDetectionFinding::toJson, Named.as("alerts-to-ocsf"))
          .to(
              OcsfDetectionFinding.TOPIC,
              Produced.with(Serdes.String(), Serdes.String())
                  .withName("alerts-to-" + OcsfDetectionFinding.TOPIC));
    }
  }

  /**
   * The records a rule counts, keyed by its group key: per input class, the matching records,
   * re-keyed and repartitioned (one topic per class, so each holds one schema) when the class's
   * record key is not the group key, then merged.
   */
  private static KStream<String, SpecificRecord> keyedInput(
      Rule rule,
      Function<CanonicalClass, KStream<String, SpecificRecord>> input,
      Function<CanonicalClass, Serde<SpecificRecord>> canonicalSerde) {
    Set<CanonicalClass> classes = new LinkedHashSet<>();
    rule.steps().forEach(s -> classes.add(s.input()));
    KStream<String, SpecificRecord> merged = null;
    for (CanonicalClass c : classes) {
      List<Step> steps = rule.steps().stream().filter(s -> s.input() == c).toList();
      Step keying = steps.get(0);
      String name = rule.processorName() + (classes.size() > 1 ? "-" + c.ruleName() : "");
      KStream<String, SpecificRecord> matched =
          input
              .apply(c)
              .filter(
                  (key, value) ->
                      steps.stream().anyMatch(s -> s.matches(value))
                          && keying.groupKey(value) != null,
                  Named.as(name + "-where"));
      if (!keying.groupsByRecordKey()) {
        matched =
            matched
                .selectKey((key, value) -> keying.groupKey(value), Named.as(name + "-key"))
                .repartition(
                    Repartitioned.<String, SpecificRecord>as(name)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(canonicalSerde.apply(c)));
      }
      merged = merged == null ? matched : merged.merge(matched, Named.as(name + "-merge"));
    }
    return merged;
  }

  private static <S> StoreBuilder<?> store(Rule rule, Serde<S> serde) {
    return Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(rule.storeName()), Serdes.String(), serde);
  }
}
