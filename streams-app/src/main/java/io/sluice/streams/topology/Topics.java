package io.sluice.streams.topology;

import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.detect.Rule;
import io.sluice.streams.normalize.FeedMapper;
import io.sluice.streams.normalize.FeedMappers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The catalogue of every topic Sluice reads or writes (docs/design.md §3), with how each is
 * created. One immutable list, used by {@code ./sluice topics}, by start-up and by the sandbox.
 */
public final class Topics {
  public static final String DLQ = "sluice.dlq";
  public static final String VIP_USERS = "reference.vip-users";
  public static final String IDENTITIES = "reference.identities";
  public static final String RISK_USERS = "risk.users";
  public static final String OCSF_ALERTS = io.sluice.streams.detect.OcsfDetectionFinding.TOPIC;
  public static final String CONNECTOR_CHECKPOINTS = "sluice.connector-checkpoints";

  private Topics() {}

  /**
   * How a topic is created.
   *
   * @param retention empty means compacted, no time retention
   */
  public record Spec(String name, int partitions, boolean compacted, Duration retention) {
    public Map<String, String> configs() {
      return compacted
          ? Map.of("cleanup.policy", "compact")
          : Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(retention.toMillis()));
    }
  }

  /** Every topic, with the given partition count for the partitioned ones. */
  public static List<Spec> all(int partitions) {
    List<Spec> specs = new ArrayList<>();
    for (FeedMapper mapper : FeedMappers.all()) {
      specs.add(new Spec(mapper.descriptor().rawTopic(), partitions, false, Duration.ofDays(7)));
    }
    for (CanonicalClass c : CanonicalClass.values()) {
      specs.add(new Spec(c.topic(), partitions, false, Duration.ofDays(7)));
    }
    specs.add(new Spec(DLQ, partitions, false, Duration.ofDays(30)));
    for (Rule.Area area : Rule.Area.values()) {
      specs.add(new Spec(area.topic(), partitions, false, Duration.ofDays(30)));
    }
    specs.add(new Spec(OCSF_ALERTS, partitions, false, Duration.ofDays(30)));
    specs.add(new Spec(VIP_USERS, 1, true, null));
    specs.add(new Spec(IDENTITIES, 1, true, null));
    specs.add(new Spec(RISK_USERS, partitions, true, null));
    specs.add(new Spec(CONNECTOR_CHECKPOINTS, 1, true, null));
    specs.add(new Spec(io.sluice.streams.detect.RulesTopic.TOPIC, 1, true, null));
    specs.add(new Spec(io.sluice.streams.detect.RulesTopic.STATUS_TOPIC, 1, true, null));
    return List.copyOf(specs);
  }
}
