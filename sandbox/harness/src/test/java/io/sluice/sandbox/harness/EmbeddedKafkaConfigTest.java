package io.sluice.sandbox.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import java.util.Map;
import kafka.server.KafkaConfig;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaConfigTest {

  private static final Path LOG_DIR = Path.of("/tmp/sluice-kafka-config-test");

  @Test
  void shouldOnlySetKeysTheBrokerKnows() {
    // Given: Kafka merely logs unknown keys, so a renamed setting would silently stop applying
    Map<String, String> config = EmbeddedKafka.brokerConfig(19092, 19093, LOG_DIR, Map.of());

    // Then
    assertThat(KafkaConfig.configDef().names()).containsAll(config.keySet());
  }

  @Test
  void shouldBeAValidCombinedKraftConfiguration() {
    Map<String, String> config = EmbeddedKafka.brokerConfig(19092, 19093, LOG_DIR, Map.of());

    assertThatCode(() -> new KafkaConfig(config, false)).doesNotThrowAnyException();
  }

  @Test
  void shouldLetOverridesReplaceDefaults() {
    Map<String, String> config =
        EmbeddedKafka.brokerConfig(
            19092, 19093, LOG_DIR, Map.of("auto.create.topics.enable", "true"));

    assertThat(config)
        .containsEntry("auto.create.topics.enable", "true")
        .containsEntry("listeners", "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093")
        .containsEntry("controller.quorum.voters", "1@127.0.0.1:19093");
  }
}
