package io.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.connectors.config.ConnectorConfig;
import io.sluice.streams.config.SluiceConfig;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/k8s as the issue asks: the streams app a StatefulSet (stable application.server, state
 * volume, standby replicas, probes), connectors single-replica Recreate Deployments with
 * tenant-bound ids, config and rules in ConfigMaps that the apps accept, Secrets referenced and
 * never inlined.
 */
class KubernetesManifestsTest {

  @Test
  void shouldRunTheStreamsAppAsAStatefulSetWithStateProbesAndAStableAddress() throws Exception {
    List<JsonNode> sets = Manifests.ofKind(Manifests.all(), "StatefulSet");
    assertThat(sets).hasSize(1);
    JsonNode set = sets.get(0);
    JsonNode pod = set.path("spec").path("template").path("spec");
    JsonNode container = pod.path("containers").get(0);

    assertThat(set.path("spec").path("serviceName").asText()).isEqualTo("sluice-streams-headless");
    assertThat(
            set.path("spec")
                .path("volumeClaimTemplates")
                .get(0)
                .path("metadata")
                .path("name")
                .asText())
        .isEqualTo("state");
    assertThat(container.path("args").toString()).contains("streams");
    assertThat(container.path("readinessProbe").path("httpGet").path("path").asText())
        .isEqualTo("/health/ready");
    assertThat(container.path("livenessProbe").path("httpGet").path("path").asText())
        .isEqualTo("/health/live");
    assertThat(env(container, "SLUICE_HTTP_HOST").path("value").asText())
        .contains("$(POD_NAME).sluice-streams-headless");
    assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
    for (JsonNode variable : container.path("env")) {
      String name = variable.path("name").asText();
      boolean downwardApi = variable.path("valueFrom").has("fieldRef");
      assertThat(downwardApi || SluiceConfig.readsEnvironmentVariable(name))
          .as("the streams app reads " + name)
          .isTrue();
    }
  }

  @Test
  void shouldGiveTheStreamsAppAConfigItAcceptsWithStandbyReplicas(@TempDir Path dir)
      throws Exception {
    JsonNode config = configMap("sluice-streams-config");
    String text = config.path("data").path("sluice.properties").asText();
    Path file = dir.resolve("sluice.properties");
    Files.writeString(file, text);

    SluiceConfig loaded = SluiceConfig.load(Optional.of(file), Map.of(), Map.of());

    assertThat(loaded.kafkaClientSettings()).containsEntry("num.standby.replicas", "1");
    assertThat(loaded.topicReplicationFactor()).contains((short) 3);
    assertThat(loaded.schemaRegistryUrl()).startsWith("https://");
    assertThat(configMap("sluice-rules")).isNotNull();
  }

  @Test
  void shouldRunEachConnectorAsOneRecreatedReplicaBoundToATenant() throws Exception {
    List<JsonNode> deployments = Manifests.ofKind(Manifests.all(), "Deployment");
    assertThat(deployments).isNotEmpty();
    for (JsonNode deployment : deployments) {
      JsonNode container =
          deployment.path("spec").path("template").path("spec").path("containers").get(0);
      String connector = container.path("args").get(1).asText();
      String configName =
          deployment
              .path("spec")
              .path("template")
              .path("spec")
              .path("volumes")
              .get(0)
              .path("configMap")
              .path("name")
              .asText();
      Properties props = new Properties();
      props.load(
          new StringReader(
              configMap(configName).path("data").path("connector.properties").asText()));

      assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(1);
      assertThat(deployment.path("spec").path("strategy").path("type").asText())
          .isEqualTo("Recreate");
      assertThat(Environment.connectorNames()).contains(connector);
      assertThat(props.getProperty(ConnectorConfig.CONNECTOR_ID)).startsWith(connector + "-");
      for (JsonNode variable : container.path("env")) {
        assertThat(Environment.connectorReads(connector, variable.path("name").asText()))
            .as(connector + " reads " + variable.path("name").asText())
            .isTrue();
      }
      for (String key : props.stringPropertyNames()) {
        assertThat(
                ConnectorConfig.GENERAL_KEYS.contains(key)
                    || key.startsWith(ConnectorConfig.KAFKA_PREFIX))
            .as(connector + " setting " + key)
            .isTrue();
      }
    }
  }

  @Test
  void shouldReferenceSecretsAndNeverInlineThem() throws Exception {
    List<JsonNode> docs = Manifests.all();
    List<String> inlined = new ArrayList<>();
    List<String> referenced = new ArrayList<>();
    for (JsonNode doc : docs) {
      for (JsonNode container : doc.path("spec").path("template").path("spec").path("containers")) {
        for (JsonNode variable : container.path("env")) {
          String name = variable.path("name").asText();
          if (variable.path("valueFrom").has("secretKeyRef")) {
            referenced.add(name);
          } else if (Manifests.looksSecret(name)) {
            inlined.add(name);
          }
        }
      }
    }

    assertThat(Manifests.ofKind(docs, "Secret")).as("Secret manifests with data").isEmpty();
    assertThat(inlined).isEmpty();
    assertThat(referenced)
        .contains("SLUICE_KAFKA_SASL_JAAS_CONFIG", "SLUICE_HTTP_API_TOKEN", "OKTA_API_TOKEN");
    for (JsonNode map : Manifests.ofKind(docs, "ConfigMap")) {
      assertThat(map.path("data").toString().toLowerCase(java.util.Locale.ROOT))
          .as(map.path("metadata").path("name").asText())
          .doesNotContain("password=")
          .doesNotContain("jaas.config=")
          .doesNotContain("token=");
    }
  }

  @Test
  void shouldListEveryManifestInTheKustomization() throws Exception {
    String kustomization = Files.readString(Path.of("k8s", "kustomization.yaml"));
    try (var files = Files.list(Path.of("k8s"))) {
      for (Path file :
          files
              .filter(f -> !f.endsWith("kustomization.yaml"))
              .filter(f -> f.toString().endsWith(".yaml"))
              .toList()) {
        assertThat(kustomization).contains("- " + file.getFileName());
      }
    }
  }

  private static JsonNode env(JsonNode container, String name) {
    Map<String, JsonNode> byName = new HashMap<>();
    container.path("env").forEach(v -> byName.put(v.path("name").asText(), v));
    assertThat(byName).containsKey(name);
    return byName.get(name);
  }

  private static JsonNode configMap(String name) throws Exception {
    return Manifests.ofKind(Manifests.all(), "ConfigMap").stream()
        .filter(m -> m.path("metadata").path("name").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no ConfigMap " + name));
  }
}
