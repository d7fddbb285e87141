package io.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** deploy/prometheus checked and unit-tested by Prometheus' own promtool. */
class PrometheusRulesTest {
  private static final Path PROMETHEUS = Path.of("prometheus");

  @Test
  void shouldPassPromtoolsRuleUnitTests() throws Exception {
    Path promtool = Tools.require("promtool");

    Tools.Run run =
        Tools.run(PROMETHEUS, promtool.toString(), "test", "rules", "sluice-alerts.test.yml");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("SUCCESS");
  }

  @Test
  void shouldFailTheUnitTestsWhenAnAlertNoLongerFires(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path promtool = Tools.require("promtool");
    String rules = Files.readString(PROMETHEUS.resolve("sluice-alerts.yml"));
    Files.writeString(
        dir.resolve("sluice-alerts.yml"),
        rules.replace("expr: sluice_ready == 0", "expr: sluice_ready == 2"));
    Files.copy(PROMETHEUS.resolve("sluice-alerts.test.yml"), dir.resolve("sluice-alerts.test.yml"));

    Tools.Run run = Tools.run(dir, promtool.toString(), "test", "rules", "sluice-alerts.test.yml");

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.output()).contains("SluiceNotReady");
  }

  @Test
  void shouldBeValidScrapeConfigs() throws Exception {
    Path promtool = Tools.require("promtool");

    Tools.Run plain =
        Tools.run(PROMETHEUS, promtool.toString(), "check", "config", "prometheus.yml");
    assertThat(plain.exitCode()).as(plain.output()).isZero();
  }

  @Test
  void shouldCoverKafkaRegistryAndReadiness() throws Exception {
    String rules = Files.readString(PROMETHEUS.resolve("sluice-alerts.yml"));

    assertThat(rules)
        .contains("alert: SluiceKafkaUnreachable")
        .contains("alert: SluiceSchemaRegistryUnreachable")
        .contains("alert: SluiceNotReady")
        .contains("for: 5m");
  }
}
