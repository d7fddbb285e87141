package io.sluice.streams.topology;

import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.detect.Rule;
import io.sluice.streams.normalize.FeedMapper;
import io.sluice.streams.normalize.FeedMappers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
   * @param appendTime the broker stamps each record with its append time ({@code
   *     message.timestamp.type=LogAppendTime}): for the topics Sluice writes, whose records carry
   *     their event time in the payload. Their retention then counts from when Sluice wrote a
   *     record, not from its event time, so a backfill older than the retention is kept like live
   *     data instead of being deleted at the broker's next retention check.
   */
  public record Spec(
      String name, int partitions, boolean compacted, Duration retention, boolean appendTime) {
    public Spec(String name, int partitions, boolean compacted, Duration retention) {
      this(name, partitions, compacted, retention, false);
    }

    public Map<String, String> configs() {
      Map<String, String> configs = new TreeMap<>();
      if (compacted) {
        configs.put("cleanup.policy", "compact");
      } else {
        configs.put("cleanup.policy", "delete");
        configs.put("retention.ms", Long.toString(retention.toMillis()));
      }
      if (appendTime) {
        configs.put(TIMESTAMP_TYPE, "LogAppendTime");
      }
      return Map.copyOf(configs);
    }
  }

  /** The topic config that decides whether the broker stamps records with its own time. */
  public static final String TIMESTAMP_TYPE = "message.timestamp.type";

  /** Every topic, with the given partition count for the partitioned ones. */
  public static List<Spec> all(int partitions) {
    List<Spec> specs = new ArrayList<>();
    for (FeedMapper mapper : FeedMappers.all()) {
      specs.add(new Spec(mapper.descriptor().rawTopic(), partitions, false, Duration.ofDays(7)));
    }
    for (CanonicalClass c : CanonicalClass.values()) {
      specs.add(new Spec(c.topic(), partitions, false, Duration.ofDays(7), true));
    }
    specs.add(new Spec(DLQ, partitions, false, Duration.ofDays(30), true));
    for (Rule.Area area : Rule.Area.values()) {
      specs.add(new Spec(area.topic(), partitions, false, Duration.ofDays(30), true));
    }
    specs.add(new Spec(OCSF_ALERTS, partitions, false, Duration.ofDays(30), true));
    specs.add(new Spec(VIP_USERS, 1, true, null));
    specs.add(new Spec(IDENTITIES, 1, true, null));
    specs.add(new Spec(RISK_USERS, partitions, true, null));
    specs.add(new Spec(CONNECTOR_CHECKPOINTS, 1, true, null));
    specs.add(new Spec(io.sluice.streams.detect.RulesTopic.TOPIC, 1, true, null));
    specs.add(new Spec(io.sluice.streams.detect.RulesTopic.STATUS_TOPIC, 1, true, null));
    return List.copyOf(specs);
  }
}
