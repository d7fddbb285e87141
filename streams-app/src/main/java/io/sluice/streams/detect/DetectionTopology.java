package io.sluice.streams.detect;

import io.sluice.schemas.Alert;
import io.sluice.schemas.UserRisk;
import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.metrics.PipelineMetrics;
import io.sluice.streams.sigma.SigmaFeed;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
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
import org.apache.kafka.streams.state.Stores;

/**
 * Adds detection (and user risk) to the topology: one processor per key type, each over one cached
 * store, running all rules of that key type as data (docs/design.md §6).
 *
 * <ul>
 *   <li>{@code detect-user} reads the canonical topics its rules and user risk need (they are keyed
 *       by user) and keeps each user's rule state and risk in one record;
 *   <li>every other key type (e.g. {@code src_ip}) gets, per class its rules read, one repartition
 *       topic {@code <app>-detect-<key type>-<class>-repartition} of compact {@link Sighting}s, and
 *       its own processor {@code detect-<key type>}.
 * </ul>
 *
 * Each processor writes its own alerts to {@code alerts.<area>} and {@code alerts.ocsf-json}:
 * nothing merges all rules into one sub-topology. Names derive from key types and classes, never
 * from rule ids or positions, so adding or changing a rule renames nothing.
 */
public final class DetectionTopology {
  /** Canonical classes user risk counts (docs/risk.md). */
  static final Set<CanonicalClass> RISK_INPUTS =
      EnumSet.of(
          CanonicalClass.AUTHENTICATION, CanonicalClass.EMAIL_URL, CanonicalClass.DATA_SECURITY);

  private DetectionTopology() {}

  /**
   * @param canonicalStream the shared source stream of a canonical topic (a topic can be consumed
   *     only once per builder)
   * @param sigmaEvents per feed a Sigma logsource names (whether or not a rule reads it yet), its
   *     normalised records with the raw JSON they came from
   * @param horizon {@code time.horizon}
   */
  public static void add(
      StreamsBuilder builder,
      RuleBook book,
      Function<CanonicalClass, KStream<String, SpecificRecord>> canonicalStream,
      Map<SigmaFeed, KStream<byte[], SigmaEvent>> sigmaEvents,
      Serde<Alert> alertSerde,
      Serde<UserRisk> riskSerde,
      String riskTopic,
      Duration horizon,
      PipelineMetrics metrics) {
    RuleSet ruleSet = book.current();

    Set<CanonicalClass> userInputs = EnumSet.copyOf(RISK_INPUTS);
    userInputs.addAll(ruleSet.classes(KeyType.USER));
    KStream<String, SpecificRecord> users = null;
    for (CanonicalClass c : userInputs) {
      KStream<String, SpecificRecord> in = canonicalStream.apply(c);
      users = users == null ? in : users.merge(in, Named.as("detect-user-merge-" + c.ruleName()));
    }
    addStore(builder, KeyType.USER);
    KStream<String, DetectOutput> userOut =
        users.process(
            () -> new DetectProcessor<SpecificRecord>(KeyType.USER, book, horizon, metrics),
            Named.as("detect-user"),
            KeyType.USER.storeName());
    addAlertSinks(userOut, "detect-user", alertSerde);
    userOut
        .filter((key, out) -> out instanceof DetectOutput.RiskOut, Named.as("detect-user-risk"))
        .mapValues(out -> ((DetectOutput.RiskOut) out).risk(), Named.as("detect-user-risk-value"))
        .to(riskTopic, Produced.with(Serdes.String(), riskSerde).withName("detect-user-to-risk"));

    for (KeyType keyType : ruleSet.keyTypes()) {
      if (keyType.isUser() || keyType.equals(KeyType.SIGMA)) {
        continue;
      }
      String name = "detect-" + keyType.id();
      KStream<String, Sighting> sightings = null;
      for (CanonicalClass c : ruleSet.classes(keyType)) {
        KStream<String, Sighting> projected =
            canonicalStream
                .apply(c)
                .process(() -> new Projector(c, book, keyType), Named.as(name + "-" + c.ruleName()))
                .repartition(
                    Repartitioned.with(Serdes.String(), Sighting.serde())
                        .withName(name + "-" + c.ruleName()));
        sightings =
            sightings == null
                ? projected
                : sightings.merge(projected, Named.as(name + "-merge-" + c.ruleName()));
      }
      addStore(builder, keyType);
      KStream<String, DetectOutput> out =
          sightings.process(
              () -> new DetectProcessor<Sighting>(keyType, book, horizon, metrics),
              Named.as(name),
              keyType.storeName());
      addAlertSinks(out, name, alertSerde);
    }
    if (!sigmaEvents.isEmpty()) {
      addSigma(builder, book, sigmaEvents, alertSerde, horizon, metrics);
    }
  }

  /**
   * Sigma rules: per feed they read, a projector matching raw records in the normaliser's task and
   * one repartition topic {@code <app>-detect-sigma-<feed>-repartition} of the matches as {@link
   * Sighting}s, keyed by the engine rule's key; then one processor {@code detect-sigma} for all of
   * them, the same processor and slots as every other key type.
   */
  private static void addSigma(
      StreamsBuilder builder,
      RuleBook book,
      Map<SigmaFeed, KStream<byte[], SigmaEvent>> sigmaEvents,
      Serde<Alert> alertSerde,
      Duration horizon,
      PipelineMetrics metrics) {
    String name = KeyType.SIGMA.storeName();
    KStream<String, Sighting> sightings = null;
    for (Map.Entry<SigmaFeed, KStream<byte[], SigmaEvent>> feed : sigmaEvents.entrySet()) {
      String feedName = name + "-" + feed.getKey().source();
      KStream<String, Sighting> projected =
          feed.getValue()
              .process(() -> new SigmaProjector(feed.getKey(), book), Named.as(feedName))
              .repartition(
                  Repartitioned.with(Serdes.String(), Sighting.serde()).withName(feedName));
      sightings =
          sightings == null
              ? projected
              : sightings.merge(projected, Named.as(name + "-merge-" + feed.getKey().source()));
    }
    addStore(builder, KeyType.SIGMA);
    KStream<String, DetectOutput> out =
        sightings.process(
            () -> new DetectProcessor<Sighting>(KeyType.SIGMA, book, horizon, metrics),
            Named.as(name),
            KeyType.SIGMA.storeName());
    addAlertSinks(out, name, alertSerde);
  }

  /**
   * One sink per alert area (static topics, so TopologyTestDriver and replay know them; all areas,
   * so a rule added while the app runs has its topic), and the OCSF topic.
   */
  private static void addAlertSinks(
      KStream<String, DetectOutput> out, String name, Serde<Alert> alertSerde) {
    KStream<String, Alert> alerts =
        out.filter((key, o) -> o instanceof DetectOutput.AlertOut, Named.as(name + "-alerts"))
            .mapValues(o -> ((DetectOutput.AlertOut) o).alert(), Named.as(name + "-alert-value"));
    for (Rule.Area area : Rule.Area.values()) {
      alerts
          .filter(
              (key, alert) -> alert.getArea().equals(area.areaName()),
              Named.as(name + "-area-" + area.areaName()))
          .to(
              area.topic(),
              Produced.with(Serdes.String(), alertSerde).withName(name + "-to-" + area.topic()));
    }
    alerts
        .mapValues(OcsfDetectionFinding::toJson, Named.as(name + "-ocsf"))
        .to(
            OcsfDetectionFinding.TOPIC,
            Produced.with(Serdes.String(), Serdes.String())
                .withName(name + "-to-" + OcsfDetectionFinding.TOPIC));
  }

  private static void addStore(StreamsBuilder builder, KeyType keyType) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(keyType.storeName()),
                Serdes.String(),
                Serdes.ByteArray())
            .withCachingEnabled());
  }
}
