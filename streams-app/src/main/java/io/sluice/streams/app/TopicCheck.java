package io.sluice.streams.app;

import io.sluice.streams.topology.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Compares one existing topic with what the catalogue says it should be. Pure, so each conflict is
 * unit-tested without a broker; {@link TopicAdmin#conflicts} feeds it what the broker describes.
 */
public final class TopicCheck {
  private TopicCheck() {}

  /**
   * @param config the topic's effective configuration by name (null when unknown)
   * @return one line per conflict
   */
  public static List<String> problems(
      Topics.Spec spec,
      int partitions,
      int minReplicas,
      Function<String, String> config,
      Optional<Short> replicationFactor,
      Optional<Integer> minInsyncReplicas) {
    List<String> problems = new ArrayList<>();
    String topic = spec.name();
    if (partitions != spec.partitions()) {
      problems.add(
          topic
              + ": has "
              + partitions
              + " partitions, Sluice expects "
              + spec.partitions()
              + (spec.compacted() ? "" : " (topic.partitions)"));
    }
    for (Map.Entry<String, String> wanted : new java.util.TreeMap<>(spec.configs()).entrySet()) {
      String actual = config.apply(wanted.getKey());
      if (actual != null && !policyEquals(wanted.getKey(), actual, wanted.getValue())) {
        problems.add(
            topic
                + ": "
                + wanted.getKey()
                + " is "
                + actual
                + ", Sluice expects "
                + wanted.getValue());
      }
    }
    if (replicationFactor.isPresent() && minReplicas < replicationFactor.get()) {
      problems.add(
          topic
              + ": has replication factor "
              + minReplicas
              + ", --replication-factor asks for "
              + replicationFactor.get());
    }
    if (minInsyncReplicas.isPresent()) {
      String actual = config.apply(TopicAdmin.MIN_ISR);
      if (actual != null && !actual.equals(Integer.toString(minInsyncReplicas.get()))) {
        problems.add(
            topic
                + ": min.insync.replicas is "
                + actual
                + ", --min-insync-replicas asks for "
                + minInsyncReplicas.get());
      }
    }
    return problems;
  }

  // "compact,delete" and "delete,compact" are the same policy
  private static boolean policyEquals(String key, String actual, String wanted) {
    if (!key.equals("cleanup.policy")) {
      return actual.equals(wanted);
    }
    return java.util.Set.of(actual.replace(" ", "").split(","))
        .equals(java.util.Set.of(wanted.split(",")));
  }
}
