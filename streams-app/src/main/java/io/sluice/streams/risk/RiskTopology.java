package io.sluice.streams.risk;

import io.sluice.schemas.Alert;
import io.sluice.schemas.UserRisk;
import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.metrics.PipelineMetrics;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsBuilder;

/**
 * User risk (DESIGN §6): per user over a sliding 30 days, written to {@code risk.users} and kept in
 * a queryable store for the HTTP API.
 */
public final class RiskTopology {
  /** The queryable store of the current {@link UserRisk} per user. */
  public static final String STORE = "user-risk";

  private RiskTopology() {}

  public static void add(
      StreamsBuilder builder,
      Function<CanonicalClass, Serde<SpecificRecord>> canonicalSerde,
      Serde<Alert> alertSerde,
      Serde<UserRisk> riskSerde,
      PipelineMetrics metrics) {
    // built by the user-risk work (issue 4)
  }
}
