package io.sluice.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.streams.config.SluiceConfig;
import io.sluice.streams.detect.RuleLoader;
import io.sluice.streams.metrics.PipelineMetrics;
import io.sluice.streams.normalize.FeedMappers;
import java.util.Map;
import java.util.Optional;
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

    assertThat(normalizeOnly).contains("normalize-okta.system-log", "canonical.authentication");
    assertThat(normalizeOnly).doesNotContain("detect-", "alerts.", "risk.users");
  }

  @Test
  void shouldRunDetectionAndRiskByDefault() {
    assertThat(describe("true")).contains("detect-user", "alerts.authentication", "risk.users");
  }
}
