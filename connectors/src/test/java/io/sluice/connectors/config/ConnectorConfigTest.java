package io.sluice.connectors.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectorConfigTest {

  @Test
  void shouldLayerDefaultsVendorFileEnvironmentAndFlags(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("okta.properties");
    Files.writeString(file, "poll.interval=10s\nrate.limit=5/1s\nsince=2d\n");

    ConnectorConfig config =
        ConnectorConfig.load(
            Map.of("rate.limit", "50/1m", "okta.limit", "1000"),
            Optional.of(file),
            Map.of("SLUICE_SINCE", "3d", "SLUICE_KAFKA_SECURITY_PROTOCOL", "SSL", "HOME", "/x"),
            Map.of("since", "4d"));

    assertThat(config.string("okta.limit")).isEqualTo("1000");
    assertThat(config.string("rate.limit")).isEqualTo("5/1s");
    assertThat(config.string("poll.interval")).isEqualTo("10s");
    assertThat(config.string("since")).isEqualTo("4d");
    assertThat(config.kafkaSettings()).containsEntry("security.protocol", "SSL");
    assertThat(config.string("retry.max.attempts")).isEqualTo("10");
  }

  @Test
  void shouldNameTheSettingAndItsEnvironmentVariableWhenMissing() {
    ConnectorConfig config = ConnectorConfig.of(Map.of());

    assertThatThrownBy(() -> config.string("base.url"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("base.url")
        .hasMessageContaining("SLUICE_BASE_URL");
  }

  @Test
  void shouldRejectABadDurationNamingTheSetting() {
    ConnectorConfig config = ConnectorConfig.of(Map.of("poll.interval", "often"));

    assertThatThrownBy(() -> config.duration("poll.interval"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("poll.interval");
  }
}
