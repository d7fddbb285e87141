package io.sluice.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.streams.config.SluiceConfig;
import io.sluice.streams.detect.RuleLoader;
import io.sluice.streams.topology.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Topics created outside Sluice with unequal partition counts would split one user's canonical
 * records over tasks, and rules would miss them silently; start-up refuses instead.
 */
class CoPartitionIT {

  private static SluiceConfig config(EmbeddedKafka kafka, Path state) {
    return SluiceConfig.load(
        Optional.empty(),
        Map.of(),
        Map.of(
            SluiceConfig.BOOTSTRAP_SERVERS,
            kafka.bootstrapServers(),
            SluiceConfig.APPLICATION_ID,
            "sluice-copartition-it",
            SluiceConfig.STATE_DIR,
            state.toString(),
            SluiceConfig.TOPIC_PARTITIONS,
            "3",
            SluiceConfig.SCHEMA_REGISTRY_URL,
            "mem://copartition-it"));
  }

  @Test
  void shouldStopStartUpNamingTopicsReadTogetherWithDifferentPartitionCounts(@TempDir Path state)
      throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopics(6, "canonical.email-url");

      assertThatThrownBy(
              () ->
                  StreamsApp.start(
                      config(kafka, state),
                      new RuleLoader().load(Optional.empty()),
                      new SimpleMeterRegistry()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("canonical.email-url has 6")
          .hasMessageContaining("canonical.authentication has 3")
          .hasMessageContaining("same number of partitions");
    }
  }

  @Test
  void shouldStartWhenThePreCreatedTopicsAgree(@TempDir Path state) throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      List<String> canonical =
          Topics.all(3).stream()
              .map(Topics.Spec::name)
              .filter(n -> n.startsWith("canonical."))
              .toList();
      kafka.createTopics(3, canonical.toArray(String[]::new));

      try (StreamsApp app =
          StreamsApp.start(
              config(kafka, state),
              new RuleLoader().load(Optional.empty()),
              new SimpleMeterRegistry())) {
        assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
      }
    }
  }
}
