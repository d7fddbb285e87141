package io.sluice.sandbox.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SandboxExtension.class)
class ApicurioRegistryIT {

  private static final String SCHEMA_REGISTRY_JSON = "application/vnd.schemaregistry.v1+json";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void shouldListSubjectsAsAJsonArray(ApicurioRegistry registry) throws Exception {
    // When
    HttpResponse<String> response = send(HttpRequest.newBuilder(uri(registry.url() + "/subjects")));

    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body().strip()).startsWith("[").endsWith("]");
  }

  @Test
  void shouldRegisterAnAvroSchemaThroughTheConfluentApi(ApicurioRegistry registry)
      throws Exception {
    // Given
    String subject = "auth-events-" + UUID.randomUUID() + "-value";
    String schema =
        "{\"type\":\"record\",\"name\":\"AuthEvent\",\"namespace\":\"io.sluice\","
            + "\"fields\":[{\"name\":\"user\",\"type\":\"string\"}]}";
    String body = "{\"schema\":\"" + schema.replace("\"", "\\\"") + "\"}";

    // When
    HttpResponse<String> registered =
        send(
            HttpRequest.newBuilder(uri(registry.url() + "/subjects/" + subject + "/versions"))
                .header("Content-Type", SCHEMA_REGISTRY_JSON)
                .POST(HttpRequest.BodyPublishers.ofString(body)));

    // Then
    assertThat(registered.statusCode()).isEqualTo(200);
    assertThat(registered.body()).matches("\\{\"id\":\\d+}");
    assertThat(send(HttpRequest.newBuilder(uri(registry.url() + "/subjects"))).body())
        .contains("\"" + subject + "\"");
  }

  @Test
  void shouldEndTheChildProcessWhenClosed() {
    // Given: a registry of this test's own, so that the shared one keeps running
    ApicurioRegistry registry = ApicurioRegistry.start();
    ProcessHandle child = registry.processHandle();
    assertThat(child.isAlive()).as("registry process before close").isTrue();

    // When
    registry.close();

    // Then
    assertThat(child.isAlive()).as("registry process after close").isFalse();
    assertThat(registry.logFile()).doesNotExist();
    assertThatCode(registry::close).as("second close").doesNotThrowAnyException();
  }

  private static URI uri(String url) {
    return URI.create(url);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return HTTP.send(
        request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
