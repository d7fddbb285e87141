package io.sluice.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice demo --endpoints-file}: once the streams app and the connectors are up, the file
 * names a registry that answers the Confluent API over HTTP, the streams app, every {@code
 * /metrics} and the simulators, all answering while the demo runs; the demo still decodes every
 * alert (now through that registry) and exits 0.
 */
class DemoEndpointsIT {
  @TempDir Path dir;
  private Process demo;

  @AfterEach
  void stopDemo() throws InterruptedException {
    SandboxProcess.stop(demo);
  }

  @Test
  void shouldWriteEndpointsThatAnswerWhileTheDemoRuns() throws Exception {
    Path endpointsFile = dir.resolve("endpoints.json");
    Path output = dir.resolve("demo.log");
    demo =
        SandboxProcess.start(
            output, "demo", "--timeout", "150s", "--endpoints-file", endpointsFile.toString());

    await("the endpoints file")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(100))
        .failFast("the demo exited", () -> !demo.isAlive())
        .until(() -> Files.exists(endpointsFile));
    JsonNode endpoints = new ObjectMapper().readTree(endpointsFile.toFile());

    assertThat(endpoints.path("bootstrap_servers").asText()).matches("127\\.0\\.0\\.1:\\d+");
    String registry = endpoints.path("schema_registry_url").asText();
    assertThat(registry).startsWith("http://127.0.0.1:").endsWith("/apis/ccompat/v7");
    assertThat(SandboxProcess.get(registry + "/subjects", Map.of()).statusCode()).isEqualTo(200);
    String ui = endpoints.path("ui_url").asText();
    assertThat(ui).matches("http://127\\.0\\.0\\.1:\\d+/");
    assertThat(SandboxProcess.get(ui + "api/users/risk?top=1", Map.of()).statusCode())
        .isEqualTo(200);
    assertThat(endpoints.path("metrics_urls"))
        .as("the streams app and nine connectors")
        .hasSize(10);
    for (JsonNode url : endpoints.path("metrics_urls")) {
      HttpResponse<String> metrics = SandboxProcess.get(url.asText(), Map.of());
      assertThat(metrics.statusCode()).as(url.asText()).isEqualTo(200);
      assertThat(metrics.body()).as(url.asText()).contains("sluice_ready");
    }
    assertThat(endpoints.path("simulators").fieldNames())
        .toIterable()
        .containsExactly("okta", "mimecast", "entra", "crowdstrike");

    assertThat(demo.waitFor(180, TimeUnit.SECONDS)).as("the demo ended").isTrue();
    String log = Files.readString(output);
    assertThat(demo.exitValue()).as(log).isZero();
    assertThat(log)
        .contains("registry " + registry)
        .contains("endpoints in " + endpointsFile)
        .contains("every expected rule fired");
  }
}
