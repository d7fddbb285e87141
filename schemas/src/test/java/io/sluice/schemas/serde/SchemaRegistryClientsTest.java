package io.sluice.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.schemas.Alert;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SchemaRegistryClientsTest {

  @Test
  void shouldServeMemUrlsFromTheInMemoryRegistryBehindACache() {
    String scope = "clients-test-" + UUID.randomUUID();
    try {
      SchemaRegistryClient client = SchemaRegistryClients.forUrl("mem://" + scope, Map.of());

      int id = client.register("alerts.auth-value", Alert.getClassSchema());

      assertThat(client).isInstanceOf(CachingSchemaRegistryClient.class);
      assertThat(new InMemorySchemaRegistryClient(scope).getById(id))
          .isEqualTo(Alert.getClassSchema());
    } finally {
      InMemorySchemaRegistryClient.reset(scope);
    }
  }

  @Test
  void shouldBuildAnHttpClientForHttpAndHttpsUrls() {
    assertThat(SchemaRegistryClients.forUrl("http://localhost:8081", Map.of()))
        .isInstanceOf(CachingSchemaRegistryClient.class);
    assertThat(
            SchemaRegistryClients.forUrl("HTTPS://registry.example.com/apis/ccompat/v7", Map.of()))
        .isInstanceOf(CachingSchemaRegistryClient.class);
  }

  @Test
  void shouldNameAnUnknownSchemeButNotTheRestOfTheUrl() {
    assertThatThrownBy(
            () -> SchemaRegistryClients.forUrl("ftp://sluice:hunter2@registry:21", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scheme 'ftp'")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void shouldRefuseAUrlWithoutScheme() {
    assertThatThrownBy(() -> SchemaRegistryClients.forUrl("registry:8081", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no scheme");
  }
}
