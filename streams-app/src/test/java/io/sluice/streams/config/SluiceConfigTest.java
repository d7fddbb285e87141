package io.sluice.streams.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SluiceConfigTest {

  @Test
  void shouldLayerDefaultsFileEnvironmentAndFlagsInThatOrder(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("sluice.properties");
    Files.writeString(file, "bootstrap.servers=file:9092\napplication.id=from-file\n");

    SluiceConfig config =
        SluiceConfig.load(
            Optional.of(file),
            Map.of("SLUICE_APPLICATION_ID", "from-env", "SLUICE_TIME_HORIZON", "12h"),
            Map.of("num.stream.threads", "2"));

    assertThat(config.bootstrapServers()).isEqualTo("file:9092");
    assertThat(config.applicationId()).isEqualTo("from-env");
    assertThat(config.get("num.stream.threads")).isEqualTo("2");
    assertThat(config.topologyOptions().horizon()).isEqualTo(Duration.ofHours(12));
    assertThat(config.topologyOptions().maxFuture()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void shouldMapEnvironmentNamesOfHyphenatedKeysBack() {
    SluiceConfig config =
        SluiceConfig.load(Optional.empty(), Map.of("SLUICE_TIME_MAX_FUTURE", "15m"), Map.of());

    assertThat(config.topologyOptions().maxFuture()).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void shouldIgnoreUnknownSluiceVariablesInsteadOfStopping() {
    SluiceConfig config =
        SluiceConfig.load(
            Optional.empty(),
            Map.of(
                "SLUICE_LOG_LEVEL", "DEBUG",
                "SLUICE_KAFKA_LOG_LEVEL", "INFO",
                "SLUICE_JAVA_OPTS", "-Xmx1g",
                "SLUICE_BOOTSTRAP_SERVER", "typo:9092",
                "HOME", "/root"),
            Map.of());

    assertThat(config.bootstrapServers()).isEqualTo("localhost:9092");
    assertThat(config.kafkaClientSettings()).doesNotContainKey("log.level");
    assertThat(SluiceConfig.readsEnvironmentVariable("SLUICE_BOOTSTRAP_SERVER")).isFalse();
    assertThat(SluiceConfig.readsEnvironmentVariable("SLUICE_BOOTSTRAP_SERVERS")).isTrue();
  }

  @Test
  void shouldPassKafkaVariablesThroughWithoutThePrefix() {
    SluiceConfig config =
        SluiceConfig.load(
            Optional.empty(),
            Map.of("SLUICE_KAFKA_SECURITY_PROTOCOL", "SASL_SSL"),
            Map.of("kafka.commit.interval.ms", "200"));

    assertThat(config.kafkaClientSettings())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("commit.interval.ms", "200");
    assertThat(config.streamsProperties()).containsEntry("commit.interval.ms", "200");
  }

  @Test
  void shouldNotIdleTasksOnEmptyPartitionsUnlessTheOperatorSaysSo() {
    assertThat(SluiceConfig.load(Optional.empty(), Map.of(), Map.of()).streamsProperties())
        .containsEntry("max.task.idle.ms", "-1");
    assertThat(
            SluiceConfig.load(Optional.empty(), Map.of(), Map.of("kafka.max.task.idle.ms", "0"))
                .streamsProperties())
        .containsEntry("max.task.idle.ms", "0");
  }

  @Test
  void shouldGiveTheRecordCache128MiBUnlessTheOperatorSetsIt() {
    assertThat(SluiceConfig.load(Optional.empty(), Map.of(), Map.of()).streamsProperties())
        .containsEntry("statestore.cache.max.bytes", Long.toString(128L << 20));
    assertThat(
            SluiceConfig.load(
                    Optional.empty(), Map.of(), Map.of("kafka.statestore.cache.max.bytes", "1024"))
                .streamsProperties())
        .containsEntry("statestore.cache.max.bytes", "1024");
  }

  @Test
  void shouldStopOnAnUnknownKeyInAFileNamingFileAndKey(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bad.properties");
    Files.writeString(file, "num.stream.thread=2\n");

    assertThatThrownBy(() -> SluiceConfig.load(Optional.of(file), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("'num.stream.thread'")
        .hasMessageContaining("unknown key");
  }

  @Test
  void shouldNameTheSourceAndProblemOfABadValue() {
    assertThatThrownBy(
            () ->
                SluiceConfig.load(
                    Optional.empty(), Map.of("SLUICE_TIME_HORIZON", "soon"), Map.of()))
        .hasMessageContaining("environment variable SLUICE_TIME_HORIZON")
        .hasMessageContaining("'time.horizon'")
        .hasMessageContaining("not a duration");
    assertThatThrownBy(
            () -> SluiceConfig.load(Optional.empty(), Map.of(), Map.of("rocksdb.memory", "a lot")))
        .hasMessageContaining("command line: key 'rocksdb.memory'");
    assertThatThrownBy(
            () -> SluiceConfig.load(Optional.empty(), Map.of(), Map.of("num.stream.threads", "0")))
        .hasMessageContaining("must be between 1 and 64");
  }

  @Test
  void shouldHandTheRocksDbBudgetToTheConfigSetter() {
    SluiceConfig config =
        SluiceConfig.load(Optional.empty(), Map.of(), Map.of("rocksdb.memory", "512MiB"));

    assertThat(config.streamsProperties())
        .containsEntry("rocksdb.config.setter", BoundedRocksDbConfig.class.getName())
        .containsEntry(BoundedRocksDbConfig.MEMORY, Long.toString(512L << 20));
  }

  @Test
  void shouldNeverPrintASecret() {
    SluiceConfig config =
        SluiceConfig.load(
            Optional.empty(),
            Map.of("SLUICE_BASIC_AUTH_USER_INFO", "ann:hunter2"),
            Map.of("kafka.sasl.jaas.config", "password=\"s3cret\""));

    assertThat(config.toString()).doesNotContain("hunter2").doesNotContain("s3cret");
  }

  @Test
  void shouldDeclareEveryKeyWithAnEnvironmentNameThatMapsBack() {
    for (Setting s : Settings.all()) {
      assertThat(Settings.keyOfEnvironmentName(s.environmentName())).contains(s.key());
    }
  }

  @org.junit.jupiter.api.Test
  void shouldHideThePasswordInAUrlWhenPrinted() {
    SluiceConfig config =
        SluiceConfig.load(
            Optional.empty(),
            Map.of(),
            Map.of(
                SluiceConfig.SCHEMA_REGISTRY_URL, "https://sluice:pa55w0rd@registry:8081/ccompat"));

    org.assertj.core.api.Assertions.assertThat(config.toString())
        .contains("schema.registry.url=https://sluice:[hidden]@registry:8081/ccompat")
        .doesNotContain("pa55w0rd");
  }

  @Test
  void shouldHandTheIdentityDefaultDomainToTheTopology() {
    SluiceConfig config =
        SluiceConfig.load(
            Optional.empty(), Map.of("SLUICE_IDENTITY_DEFAULT_DOMAIN", "corp.example"), Map.of());

    assertThat(config.topologyOptions().identityDefaultDomain()).isEqualTo("corp.example");
    assertThat(SluiceConfig.defaults().topologyOptions().identityDefaultDomain()).isNull();
  }

  @Test
  void shouldRefuseADefaultDomainThatIsNoDomain() {
    assertThatThrownBy(
            () ->
                SluiceConfig.load(
                    Optional.empty(),
                    Map.of(),
                    Map.of("identity.default-domain", "jdoe@corp.example")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("identity.default-domain")
        .hasMessageContaining("DNS domain");
  }
}
