package io.sluice.streams.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.streams.TopologyDescription;

/**
 * Which topics a topology reads together, and whether their partition counts agree. A sub-topology
 * with several source topics gets one task per partition number; its topics must have equal counts
 * for records with the same key to meet. Repartition topics are Kafka Streams' own and always
 * match.
 */
final class CoPartitioning {
  private CoPartitioning() {}

  /** Per sub-topology with more than one source topic, its topics (internal ones excluded). */
  static List<Set<String>> sourceTopicGroups(TopologyDescription description) {
    List<Set<String>> groups = new ArrayList<>();
    for (TopologyDescription.Subtopology sub : description.subtopologies()) {
      Set<String> topics = new TreeSet<>();
      for (TopologyDescription.Node node : sub.nodes()) {
        if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
          source.topicSet().stream().filter(t -> !t.endsWith("-repartition")).forEach(topics::add);
        }
      }
      if (topics.size() > 1) {
        groups.add(topics);
      }
    }
    return groups;
  }

  /** The first group whose partition counts differ, described for an operator. */
  static Optional<String> mismatch(List<Set<String>> groups, Map<String, Integer> partitions) {
    for (Set<String> group : groups) {
      Set<Integer> counts =
          group.stream()
              .filter(partitions::containsKey)
              .map(partitions::get)
              .collect(Collectors.toCollection(TreeSet::new));
      if (counts.size() > 1) {
        String detail =
            group.stream()
                .filter(partitions::containsKey)
                .map(t -> t + " has " + partitions.get(t))
                .collect(Collectors.joining(", "));
        return Optional.of(
            "topics read together must have the same number of partitions, but "
                + detail
                + ": one key's records would land in different tasks and detections would miss"
                + " them. Recreate or expand the topics so that they agree (kafka-topics.sh"
                + " --alter --partitions N), then restart.");
      }
    }
    return Optional.empty();
  }
}
