package io.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml: valid for Debian's {@code docker-compose} (every profile), the services the
 * issue asks for, and only environment variables the apps read — checked against their config code,
 * so a renamed setting cannot leave the compose file silently ineffective.
 */
class ComposeFileTest {
  private static final Path ROOT = Path.of("..");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void shouldPassDockerComposeConfigWithEveryProfile() throws Exception {
    Path compose = Tools.require("docker-compose");

    Tools.Run run =
        Tools.run(
            ROOT,
            compose.toString(),
            "-f",
            "docker-compose.yml",
            "--profile",
            "demo",
            "--profile",
            "connectors",
            "config",
            "--services");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output().lines())
        .contains(
            "kafka", "schema-registry", "streams", "okta", "simulators", "prometheus", "grafana");
  }

  @Test
  void shouldFailDockerComposeConfigOnABrokenFile(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path compose = Tools.require("docker-compose");
    java.nio.file.Files.writeString(
        dir.resolve("docker-compose.yml"), "services:\n  streams:\n    image: [not, a, string]\n");

    Tools.Run run = Tools.run(dir, compose.toString(), "-f", "docker-compose.yml", "config", "-q");

    assertThat(run.exitCode()).isNotZero();
  }

  @Test
  void shouldUseTheOfficialImagesAndOurRules() throws Exception {
    JsonNode services = compose().path("services");

    assertThat(services.path("kafka").path("image").asText()).startsWith("apache/kafka:");
    assertThat(services.path("kafka").path("environment").path("KAFKA_PROCESS_ROLES").asText())
        .isEqualTo("broker,controller");
    assertThat(services.path("schema-registry").path("image").asText())
        .startsWith("confluentinc/cp-schema-registry:");
    assertThat(services.path("prometheus").path("volumes").toString())
        .contains("deploy/prometheus/sluice-alerts.yml");
    assertThat(services.path("grafana").path("volumes").toString())
        .contains("deploy/grafana/provisioning");
    assertThat(services.path("simulators").path("profiles").toString()).contains("demo");
    assertThat(services.path("okta").path("profiles").toString()).contains("connectors");
  }

  @Test
  void shouldSetOnlyVariablesTheAppsRead() throws Exception {
    List<String> unread = new ArrayList<>();
    List<String> checked = new ArrayList<>();
    compose()
        .path("services")
        .properties()
        .forEach(
            service -> {
              JsonNode command = service.getValue().path("command");
              if (!service.getValue().path("image").asText().startsWith("sluice:")
                  || command.isMissingNode()) {
                return;
              }
              String runnable = command.get(0).asText();
              service
                  .getValue()
                  .path("environment")
                  .fieldNames()
                  .forEachRemaining(
                      variable -> {
                        boolean read =
                            runnable.equals("connector")
                                ? Environment.connectorReads(command.get(1).asText(), variable)
                                : runnable.equals("simulate")
                                    ? variable.equals("SLUICE_BOOTSTRAP_SERVERS")
                                    : Environment.streamsReads(variable);
                        (read ? checked : unread).add(service.getKey() + ": " + variable);
                      });
            });

    assertThat(unread).isEmpty();
    assertThat(checked).contains("streams: SLUICE_SCHEMA_REGISTRY_URL", "okta: OKTA_API_TOKEN");
  }

  @Test
  void shouldCatchAVariableNoAppReads() {
    assertThat(Environment.streamsReads("SLUICE_SCHEMA_REGISTRY_URI")).isFalse();
    assertThat(Environment.connectorReads("okta", "SLUICE_BASEURL")).isFalse();
    assertThat(Environment.connectorReads("okta", "MIMECAST_CLIENT_SECRET")).isFalse();
    assertThat(Environment.connectorReads("okta", "OKTA_API_TOKEN_FILE")).isTrue();
  }

  @Test
  void shouldInlineNoSecret() throws Exception {
    List<String> inlined = new ArrayList<>();
    compose()
        .path("services")
        .properties()
        .forEach(
            service ->
                service
                    .getValue()
                    .path("environment")
                    .properties()
                    .forEach(
                        (Map.Entry<String, JsonNode> e) -> {
                          if (Manifests.looksSecret(e.getKey())
                              && !e.getValue().asText().matches("\\$\\{[A-Z_]+(:-)?\\}")) {
                            inlined.add(service.getKey() + ": " + e.getKey());
                          }
                        }));

    assertThat(inlined).isEmpty();
  }

  private static JsonNode compose() throws Exception {
    return YAML.readTree(ROOT.resolve("docker-compose.yml").toFile());
  }
}
