package io.sluice.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.schemas.Alert;
import io.sluice.schemas.AuthenticationEvent;
import io.sluice.schemas.UserRisk;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryClientTest {

  private final String scope = "in-memory-test-" + UUID.randomUUID();
  private final String otherScope = scope + "-other";

  @AfterEach
  void resetRegistries() {
    InMemorySchemaRegistryClient.reset(scope);
    InMemorySchemaRegistryClient.reset(otherScope);
  }

  @Test
  void shouldShareOneRegistryBetweenClientsOfTheSameScope() {
    SchemaRegistryClient producer =
        SchemaRegistryClients.forUrl("mem://" + scope, java.util.Map.of());
    SchemaRegistryClient consumer =
        SchemaRegistryClients.forUrl("mem://" + scope, java.util.Map.of());

    int id = producer.register("alerts.auth-value", Alert.getClassSchema());

    assertThat(consumer.getById(id)).isEqualTo(Alert.getClassSchema());
    assertThat(consumer.lookupId("alerts.auth-value", Alert.getClassSchema())).hasValue(id);
  }

  @Test
  void shouldKeepScopesApart() {
    int id =
        new InMemorySchemaRegistryClient(scope)
            .register("alerts.auth-value", Alert.getClassSchema());
    InMemorySchemaRegistryClient other = new InMemorySchemaRegistryClient(otherScope);

    assertThat(other.lookupId("alerts.auth-value", Alert.getClassSchema())).isEmpty();
    assertThatThrownBy(() -> other.getById(id))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("Schema " + id + " not found")
        .satisfies(e -> assertThat(((SchemaRegistryException) e).isNotFound()).isTrue());
  }

  @Test
  void shouldAssignIdsSequentiallyAndKeepThemForTheSameSchema() {
    InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient(scope);

    int auth =
        registry.register("canonical.authentication-value", AuthenticationEvent.getClassSchema());
    int alert = registry.register("alerts.auth-value", Alert.getClassSchema());
    int authAgain =
        registry.register(
            "canonical.authentication-value", reparsed(AuthenticationEvent.getClassSchema()));

    assertThat(alert).isEqualTo(auth + 1);
    assertThat(authAgain).isEqualTo(auth);
  }

  @Test
  void shouldGiveASchemaTheSameIdUnderEverySubjectLikeConfluent() {
    InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient(scope);

    int underAuth = registry.register("alerts.auth-value", Alert.getClassSchema());
    int underEmail = registry.register("alerts.email-value", Alert.getClassSchema());

    assertThat(underEmail).isEqualTo(underAuth);
    assertThat(registry.lookupId("alerts.email-value", Alert.getClassSchema())).hasValue(underAuth);
    assertThat(registry.lookupId("alerts.dlp-value", Alert.getClassSchema())).isEmpty();
  }

  @Test
  void shouldForgetEverythingOnReset() {
    InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient(scope);
    registry.register("risk.users-value", UserRisk.getClassSchema());

    InMemorySchemaRegistryClient.reset(scope);

    assertThat(registry.lookupId("risk.users-value", UserRisk.getClassSchema())).isEmpty();
    assertThat(registry.register("alerts.auth-value", Alert.getClassSchema())).isEqualTo(1);
  }

  @Test
  void shouldRejectABackwardIncompatibleSchemaByDefault() {
    InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient(scope);
    registry.register("risk.users-value", riskV1());

    assertThatThrownBy(() -> registry.register("risk.users-value", riskV2WithRequiredField()))
        .isInstanceOf(IncompatibleSchemaException.class)
        .hasMessageContaining("subject 'risk.users-value'")
        .hasMessageContaining("BACKWARD")
        .hasMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE")
        .hasMessageContaining("Risk.reason")
        .satisfies(e -> assertThat(((IncompatibleSchemaException) e).status()).isEqualTo(409));
  }

  @Test
  void shouldAcceptAnyChangeUnderCompatibilityNone() {
    InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient(scope);
    int v1 = registry.register("risk.users-value", riskV1());
    registry.setCompatibility("risk.users-value", CompatibilityLevel.NONE);

    assertThat(registry.register("risk.users-value", riskV2WithRequiredField())).isEqualTo(v1 + 1);
  }

  @Test
  void shouldRejectARemovedFieldUnderForwardCompatibility() {
    InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient(scope);
    registry.register("risk.users-value", riskV2WithRequiredField());
    registry.setCompatibility("risk.users-value", CompatibilityLevel.FORWARD);

    assertThatThrownBy(() -> registry.register("risk.users-value", riskV1()))
        .isInstanceOf(IncompatibleSchemaException.class)
        .hasMessageContaining("FORWARD")
        .hasMessageContaining("reason");
  }

  @Test
  void shouldRefuseAUrlThatIsNotMem() {
    assertThatThrownBy(() -> InMemorySchemaRegistryClient.forUrl("http://registry:8081"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mem://<scope>");
  }

  private static Schema riskV1() {
    return SchemaBuilder.record("Risk")
        .namespace("io.sluice.test")
        .fields()
        .requiredString("user")
        .requiredDouble("score")
        .endRecord();
  }

  private static Schema riskV2WithRequiredField() {
    return SchemaBuilder.record("Risk")
        .namespace("io.sluice.test")
        .fields()
        .requiredString("user")
        .requiredDouble("score")
        .requiredString("reason")
        .endRecord();
  }

  private static Schema reparsed(Schema schema) {
    try {
      // pretty-printed JSON: a different text for the same schema
      return new Schema.Parser()
          .parse(new ObjectMapper().readTree(schema.toString()).toPrettyString());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
