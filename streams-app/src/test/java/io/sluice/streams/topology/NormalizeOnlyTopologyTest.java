package io.sluice.streams.topology;

import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.streams.config.SluiceConfig;
import io.sluice.streams.detect.RuleLoader;
import io.sluice.streams.metrics.PipelineMetrics;
import io.sluice.streams.normalize.FeedMappers;
import io.sluice.streams.normalize.NormalizeProcessor;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/**
 * {@code detect.enabled=false} builds normalisation alone: every feed still maps to its canonical
 * topics and the DLQ, and no rule, risk or alert node or store is left in the topology.
 */
class NormalizeOnlyTopologyTest {
  private static String describe(String detectEnabled) {
    SluiceConfig config =
        SluiceConfig.load(Optional.empty(), Map.of(), Map.of("detect.enabled", detectEnabled));
    return SluiceTopology.build(
            FeedMappers.all(),
            new RuleLoader().load(Optional.empty()),
            Map.of("schema.registry.url", "mem://normalize-only"),
            PipelineMetrics.inMemory(),
            config.topologyOptions())
        .describe()
        .toString();
  }

  @Test
  void shouldLeaveOutDetectionAndRiskWhenDetectionIsDisabled() {
    String normalizeOnly = describe("false");

    assertThat(normalizeOnly).contains("raw.okta.system-log", "canonical.authentication");
    assertThat(normalizeOnly).doesNotContain("detect-", "alerts.", "risk.users");
  }

  /**
   * Every raw topic is read by one sub-topology with one dedup store, so a task holds partition p
   * of every feed: nine sub-topologies would cost nine times the tasks, stores and changelog
   * partitions in each commit's transaction.
   */
  @Test
  void shouldNormaliseEveryFeedInOneSubTopologyWithOneDedupStore() {
    TopologyDescription topology =
        SluiceTopology.build(
                FeedMappers.all(),
                new RuleLoader().load(Optional.empty()),
                Map.of("schema.registry.url", "mem://normalize-only"),
                PipelineMetrics.inMemory(),
                TopologyOptions.defaults())
            .describe();
    Set<String> rawTopics =
        FeedMappers.all().stream().map(f -> f.descriptor().rawTopic()).collect(toSet());
    List<TopologyDescription.Subtopology> readingRaw =
        topology.subtopologies().stream()
            .filter(
                sub ->
                    sub.nodes().stream()
                        .anyMatch(
                            n ->
                                n instanceof TopologyDescription.Source source
                                    && source.topicSet().stream().anyMatch(rawTopics::contains)))
            .toList();

    assertThat(rawTopics).hasSize(9);
    assertThat(readingRaw).hasSize(1);
    assertThat(
            readingRaw.get(0).nodes().stream()
                .filter(n -> n instanceof TopologyDescription.Source)
                .flatMap(n -> ((TopologyDescription.Source) n).topicSet().stream())
                .filter(rawTopics::contains))
        .containsExactlyInAnyOrderElementsOf(rawTopics);
    assertThat(
            readingRaw.get(0).nodes().stream()
                .filter(n -> n instanceof TopologyDescription.Processor)
                .flatMap(n -> ((TopologyDescription.Processor) n).stores().stream()))
        .containsExactly(NormalizeProcessor.DEDUP_STORE);
  }

  @Test
  void shouldRunDetectionAndRiskByDefault() {
    assertThat(describe("true")).contains("detect-user", "alerts.authentication", "risk.users");
  }
}
