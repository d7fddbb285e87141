package io.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
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
  void shouldTestEveryAlertRuleBothFiringAndNotFiring() throws Exception {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    Set<String> alerts = new TreeSet<>();
    for (JsonNode group :
        yaml.readTree(PROMETHEUS.resolve("sluice-alerts.yml").toFile()).path("groups")) {
      group.path("rules").forEach(r -> alerts.add(r.path("alert").asText()));
    }
    Set<String> firing = new TreeSet<>();
    Set<String> quiet = new TreeSet<>();
    for (JsonNode test :
        yaml.readTree(PROMETHEUS.resolve("sluice-alerts.test.yml").toFile()).path("tests")) {
      for (JsonNode check : test.path("alert_rule_test")) {
        (check.path("exp_alerts").isEmpty() ? quiet : firing).add(check.path("alertname").asText());
      }
    }

    assertThat(alerts).hasSize(11);
    assertThat(firing).as("alerts with a test where they fire").isEqualTo(alerts);
    assertThat(quiet).as("alerts with a test where they do not").isEqualTo(alerts);
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
