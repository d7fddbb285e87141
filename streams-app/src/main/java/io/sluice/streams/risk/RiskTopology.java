package io.sluice.streams.risk;

import io.sluice.schemas.Alert;
import io.sluice.schemas.UserRisk;
import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.metrics.PipelineMetrics;
import io.sluice.streams.topology.Topics;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * User risk (DESIGN §6): per user over a sliding 30 days, written to {@code risk.users} and kept in
 * a queryable store for the HTTP API. See docs/risk.md for what is counted and the weights.
 *
 * <p>No repartition: canonical records are keyed by the lower-case user name and alerts by their
 * entity value, so with equal partition counts (which {@link Topics#all} guarantees) every input
 * for a user lands in the same task. The risk processor therefore shares a sub-topology with the
 * detections that read the same canonical topics.
 */
public final class RiskTopology {
  /** The queryable store of the current {@link UserRisk} per user. */
  public static final String STORE = "user-risk";

  /** The per-user daily buckets behind {@link #STORE}. */
  public static final String BUCKET_STORE = "user-risk-buckets";

  /** The canonical classes risk reads. */
  public static final List<CanonicalClass> INPUTS =
      List.of(
          CanonicalClass.AUTHENTICATION, CanonicalClass.EMAIL_URL, CanonicalClass.DATA_SECURITY);

  /** Alert entity types that name a user; alerts about IPs, URLs or files do not count. */
  static final List<String> USER_ENTITY_TYPES = List.of("user.name", "recipient.name");

  private static final String ALERT_AREAS_SOURCE = "risk-alerts-source";

  private RiskTopology() {}

  /**
   * @param canonicalStream the shared source stream of a canonical class (one per topic per
   *     builder)
   */
  public static void add(
      StreamsBuilder builder,
      Function<CanonicalClass, KStream<String, SpecificRecord>> canonicalStream,
      Function<CanonicalClass, Serde<SpecificRecord>> canonicalSerde,
      Serde<Alert> alertSerde,
      Serde<UserRisk> riskSerde,
      PipelineMetrics metrics) {
    KStream<String, RiskContribution> contributions = null;
    for (CanonicalClass c : INPUTS) {
      KStream<String, RiskContribution> counted =
          canonicalStream
              .apply(c)
              .flatMapValues(
                  value -> optionalList(RiskContribution.of(value)),
                  Named.as("risk-" + c.ruleName() + "-contribution"));
      contributions =
          contributions == null
              ? counted
              : contributions.merge(counted, Named.as("risk-merge-" + c.ruleName()));
    }
    KStream<String, RiskContribution> alerts =
        builder.stream(
                alertTopics(),
                Consumed.with(Serdes.String(), alertSerde).withName(ALERT_AREAS_SOURCE))
            .flatMapValues(
                alert -> optionalList(RiskContribution.of(alert)),
                Named.as("risk-alerts-contribution"));
    contributions = contributions.merge(alerts, Named.as("risk-merge-alerts"));

    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(BUCKET_STORE), Serdes.String(), new RiskStateSerde()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(STORE), Serdes.String(), new UserRiskStoreSerde()));
    contributions
        .process(() -> new RiskProcessor(metrics), Named.as("risk-users"), BUCKET_STORE, STORE)
        .to(
            Topics.RISK_USERS,
            Produced.with(Serdes.String(), riskSerde).withName("risk-to-" + Topics.RISK_USERS));
  }

  /**
   * The alert topics, named here rather than taken from the rule engine's area enum so that risk
   * does not depend on detection internals; {@code RiskTopologyTest} checks they stay in step.
   */
  public static List<String> alertTopics() {
    return List.of(
        "alerts.authentication",
        "alerts.url-click",
        "alerts.email-threat",
        "alerts.data-loss",
        "alerts.correlated");
  }

  private static <T> List<T> optionalList(Optional<T> value) {
    return value.map(List::of).orElse(List.of());
  }
}
