package io.sluice.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.sandbox.harness.ApicurioRegistry;
import io.sluice.sandbox.harness.SandboxExtension;
import io.sluice.schemas.Alert;
import io.sluice.schemas.AuthenticationEvent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The serde and HTTP client against a real Apicurio Registry 2.6 through its Confluent-compatible
 * API, including the places where Apicurio differs from Confluent (see the README).
 */
@ExtendWith(SandboxExtension.class)
class ApicurioRegistryCompatibilityIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  // the registry is shared by every IT of the run: each test uses its own subjects
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  @Test
  void shouldRegisterAndFetchBackTheSameSchema(ApicurioRegistry registry) {
    HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(registry.url(), Map.of());
    String subject = "it-" + run + ".canonical.authentication-value";
    Schema schema = AuthenticationEvent.getClassSchema();

    int id = client.register(subject, schema);

    assertThat(client.getById(id)).isEqualTo(schema);
    assertThat(client.register(subject, schema)).as("same schema, same id").isEqualTo(id);
    assertThat(client.lookupId(subject, schema)).hasValue(id);
    assertThat(client.lookupId(subject, Alert.getClassSchema())).as("40403").isEmpty();
    assertThat(client.lookupId("it-" + run + ".unknown-value", schema)).as("40401").isEmpty();
  }

  @Test
  void shouldRoundTripARecordThroughApicurio(ApicurioRegistry registry) {
    String topic = "it-" + run + ".canonical.authentication";
    Map<String, Object> config = Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, registry.url());
    Serde<AuthenticationEvent> serde =
        AvroSerdes.specific(AuthenticationEvent.class, config, false);
    AuthenticationEvent event = TestRecords.oktaFailedLogin();

    byte[] framed = serde.serializer().serialize(topic, event);

    int registered =
        new HttpSchemaRegistryClient(registry.url(), Map.of())
            .lookupId(topic + "-value", AuthenticationEvent.getClassSchema())
            .orElseThrow();
    assertThat(framed[0]).isZero();
    assertThat(WireFormat.schemaId(framed, topic)).isEqualTo(registered);
    // a consumer with its own client (and cache) fetches the writer schema from the registry
    assertThat(
            AvroSerdes.specific(AuthenticationEvent.class, config, false)
                .deserializer()
                .deserialize(topic, framed))
        .isEqualTo(event);
    GenericRecord generic = AvroSerdes.generic(config, false).deserialize(topic, framed);
    assertThat(generic.get("src_ip")).hasToString("203.0.113.47");
  }

  @Test
  void shouldSurfaceApicuriosRejectionOfAnIncompatibleSchemaUnderBackward(ApicurioRegistry registry)
      throws IOException {
    HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(registry.url(), Map.of());
    String subject = "it-" + run + ".alerts.auth-value";
    int v1 = client.register(subject, Alert.getClassSchema());
    client.setCompatibility(subject, CompatibilityLevel.BACKWARD);

    Schema withRequiredField = alertWith(field("ticket_id", "string"));

    assertThatThrownBy(() -> client.register(subject, withRequiredField))
        .isInstanceOf(IncompatibleSchemaException.class)
        .hasMessageContaining("subject '" + subject + "'")
        .hasMessageContaining("incompatible with an earlier version")
        .hasMessageContaining("HTTP 409, error_code 409")
        .hasMessageContaining("ticket_id")
        .satisfies(
            e -> {
              IncompatibleSchemaException incompatible = (IncompatibleSchemaException) e;
              assertThat(incompatible.status()).isEqualTo(409);
              assertThat(incompatible.errorCode()).isEqualTo(409);
              assertThat(incompatible.path()).endsWith("/subjects/" + subject + "/versions");
            });
    ObjectNode optional = field("ticket_id", "string");
    optional.putArray("type").add("null").add("string");
    optional.putNull("default");
    assertThat(client.register(subject, alertWith(optional)))
        .as("a field with a default is BACKWARD compatible")
        .isNotEqualTo(v1);
  }

  @Test
  void shouldFindASchemaThatAnotherToolRegisteredWithDifferentFormatting(ApicurioRegistry registry)
      throws IOException, InterruptedException {
    // Apicurio matches schemas by text unless asked to normalize them
    String subject = "it-" + run + ".risk.users-value";
    String pretty = JSON.readTree(Alert.getClassSchema().toString()).toPrettyString();
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(registry.url() + "/subjects/" + subject + "/versions"))
                    .header("Content-Type", HttpSchemaRegistryClient.CONTENT_TYPE)
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            JSON.createObjectNode().put("schema", pretty).toString()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    int id = JSON.readTree(response.body()).get("id").asInt();

    HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(registry.url(), Map.of());

    assertThat(client.lookupId(subject, Alert.getClassSchema())).hasValue(id);
    assertThat(client.register(subject, Alert.getClassSchema())).isEqualTo(id);
  }

  @Test
  void shouldRequireRegistrationWhenAutoRegisterIsOff(ApicurioRegistry registry) {
    String topic = "it-" + run + ".alerts.email";
    Map<String, Object> config =
        Map.of(
            SerdeConfig.SCHEMA_REGISTRY_URL,
            registry.url(),
            SerdeConfig.AUTO_REGISTER_SCHEMAS,
            false);
    AvroSerializer<Alert> serializer = new AvroSerializer<>(config, false);

    assertThatThrownBy(() -> serializer.serialize(topic, TestRecords.failedLoginBurst()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("is not registered under subject '" + topic + "-value'");

    int id =
        new HttpSchemaRegistryClient(registry.url(), Map.of())
            .register(topic + "-value", Alert.getClassSchema());
    assertThat(
            WireFormat.schemaId(serializer.serialize(topic, TestRecords.failedLoginBurst()), topic))
        .isEqualTo(id);
  }

  @Test
  void shouldReportAnUnknownSchemaIdFromApicurio(ApicurioRegistry registry) {
    HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(registry.url(), Map.of());

    assertThatThrownBy(() -> client.getById(987_654))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("HTTP 404, error_code 40403")
        .satisfies(e -> assertThat(((SchemaRegistryException) e).isNotFound()).isTrue());
  }

  private static ObjectNode field(String name, String type) {
    return JSON.createObjectNode().put("name", name).put("type", type);
  }

  private static Schema alertWith(ObjectNode extraField) throws IOException {
    ObjectNode alert = (ObjectNode) JSON.readTree(Alert.getClassSchema().toString());
    ((ArrayNode) alert.get("fields")).add(extraField);
    return new Schema.Parser().parse(alert.toString());
  }
}
