package io.sluice.schemas.serde;

import static io.sluice.schemas.serde.TestRecords.ALERT_TOPIC;
import static io.sluice.schemas.serde.TestRecords.AUTH_TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.schemas.Alert;
import io.sluice.schemas.AuthenticationEvent;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

  private final String scope = "avro-serde-test-" + UUID.randomUUID();
  private final Map<String, Object> config = TestRecords.memConfig(scope);

  @AfterEach
  void resetRegistry() {
    InMemorySchemaRegistryClient.reset(scope);
  }

  @Test
  void shouldFrameWithMagicByteZeroThenTheSchemaIdBigEndian() {
    // Given a registry that hands out an id whose four bytes all differ
    SchemaRegistryClient fixedId = new FixedIdClient(0x0A0B0C0D);
    AvroSerializer<AuthenticationEvent> serializer = new AvroSerializer<>(fixedId, config, false);

    // When
    byte[] framed = serializer.serialize(AUTH_TOPIC, TestRecords.oktaFailedLogin());

    // Then
    assertThat(framed[0]).isEqualTo((byte) 0);
    assertThat(Arrays.copyOfRange(framed, 1, 5)).containsExactly(0x0A, 0x0B, 0x0C, 0x0D);
    assertThat(WireFormat.schemaId(framed, AUTH_TOPIC)).isEqualTo(0x0A0B0C0D);
    assertThat(framed.length).isGreaterThan(WireFormat.HEADER_LENGTH + 100);
  }

  @Test
  void shouldWriteTheIdTheRegistryAssignedToTheValueSubject() {
    AvroSerializer<AuthenticationEvent> serializer = new AvroSerializer<>(config, false);

    byte[] framed = serializer.serialize(AUTH_TOPIC, TestRecords.oktaFailedLogin());

    InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient(scope);
    OptionalInt registered =
        registry.lookupId(AUTH_TOPIC + "-value", AuthenticationEvent.getClassSchema());
    assertThat(registered).isPresent();
    assertThat(ByteBuffer.wrap(framed, 1, 4).getInt()).isEqualTo(registered.getAsInt());
  }

  @Test
  void shouldRoundTripAnOktaAuthenticationEventThroughTheInMemoryRegistry() {
    AuthenticationEvent event = TestRecords.oktaFailedLogin();
    AvroSerializer<AuthenticationEvent> serializer = new AvroSerializer<>(config, false);
    SpecificAvroDeserializer<AuthenticationEvent> deserializer =
        new SpecificAvroDeserializer<>(AuthenticationEvent.class, config, false);

    AuthenticationEvent read =
        deserializer.deserialize(AUTH_TOPIC, serializer.serialize(AUTH_TOPIC, event));

    assertThat(read).isEqualTo(event);
    assertThat(read.getMetadata().getTime()).isEqualTo(event.getMetadata().getTime());
    assertThat(read.getSrcGeo().getCity()).isEqualTo("Amsterdam");
  }

  @Test
  void shouldRoundTripAnAlertThroughTheFacadeSerde() {
    Alert alert = TestRecords.failedLoginBurst();
    Serde<Alert> serde = AvroSerdes.specific(Alert.class, config, false);

    byte[] framed = serde.serializer().serialize(ALERT_TOPIC, alert);
    Alert read = serde.deserializer().deserialize(ALERT_TOPIC, framed);

    assertThat(read).isEqualTo(alert);
    assertThat(read.getEvidence()).hasSize(1);
    assertThat(read.getContext()).containsEntry("src_ip", "203.0.113.47");
  }

  @Test
  void shouldReadAnyRecordGenericallyInTheWriterSchema() {
    Alert alert = TestRecords.failedLoginBurst();
    byte[] framed = new AvroSerializer<Alert>(config, false).serialize(ALERT_TOPIC, alert);
    Deserializer<GenericRecord> generic = AvroSerdes.generic(config, false);

    GenericRecord read = generic.deserialize(ALERT_TOPIC, framed);

    assertThat(read.getSchema()).isEqualTo(Alert.getClassSchema());
    assertThat(read.get("alert_id")).hasToString("5d41402abc4b2a76b9719d911017c592");
    assertThat(((GenericRecord) read.get("rule")).get("id")).hasToString("auth.failed-login-burst");
    // logical types stay in their Avro form, as with Confluent's deserializer
    assertThat(read.get("window_end")).isEqualTo(alert.getWindowEnd().toEpochMilli());
  }

  @Test
  void shouldSerializeGenericRecordsThatSpecificReadersRead() {
    Schema schema = io.sluice.schemas.RuleRef.getClassSchema();
    GenericRecord rule = new GenericData.Record(schema);
    rule.put("id", "auth.failed-login-burst");
    rule.put("name", "Failed login burst");
    rule.put("version", 2);

    byte[] framed = new AvroSerializer<GenericRecord>(config, false).serialize("rules", rule);
    io.sluice.schemas.RuleRef read =
        new SpecificAvroDeserializer<>(io.sluice.schemas.RuleRef.class, config, false)
            .deserialize("rules", framed);

    assertThat(read.getId()).isEqualTo("auth.failed-login-burst");
    assertThat(read.getVersion()).isEqualTo(2);
  }

  @Test
  void shouldRegisterKeysUnderTheKeySubject() {
    AvroSerializer<AuthenticationEvent> keySerializer = new AvroSerializer<>(config, true);

    keySerializer.serialize(AUTH_TOPIC, TestRecords.oktaFailedLogin());

    InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient(scope);
    Schema schema = AuthenticationEvent.getClassSchema();
    assertThat(registry.lookupId(AUTH_TOPIC + "-key", schema)).isPresent();
    assertThat(registry.lookupId(AUTH_TOPIC + "-value", schema)).isEmpty();
  }

  @Test
  void shouldFrameARecordAfterOneThatFailedHalfWrittenExactlyAsAlone() {
    // the serializer reuses one buffer and encoder per thread: a failure must leave nothing behind
    AvroSerializer<AuthenticationEvent> serializer = new AvroSerializer<>(config, false);
    AuthenticationEvent event = TestRecords.oktaFailedLogin();
    byte[] alone = serializer.serialize(AUTH_TOPIC, event);
    AuthenticationEvent broken = AuthenticationEvent.newBuilder(event).build();
    broken.setStatus(null); // metadata and activity are written before the null is met

    assertThatThrownBy(() -> serializer.serialize(AUTH_TOPIC, broken))
        .isInstanceOf(SerializationException.class);
    assertThat(serializer.serialize(AUTH_TOPIC, event)).isEqualTo(alone);
  }

  @Test
  void shouldFrameRecordsLargerThanTheReusedBufferWhole() {
    AvroSerializer<AuthenticationEvent> serializer = new AvroSerializer<>(config, false);
    AuthenticationEvent big = TestRecords.oktaFailedLogin();
    big.setStatusDetail("x".repeat(100_000));

    byte[] framed = serializer.serialize(AUTH_TOPIC, big);

    assertThat(
            new SpecificAvroDeserializer<>(AuthenticationEvent.class, config, false)
                .deserialize(AUTH_TOPIC, framed))
        .isEqualTo(big);
    assertThat(serializer.serialize(AUTH_TOPIC, TestRecords.oktaFailedLogin()))
        .hasSizeLessThan(framed.length / 10);
  }

  @Test
  void shouldPassTombstonesThroughAsNull() {
    Serde<Alert> serde = AvroSerdes.specific(Alert.class, config, false);

    assertThat(serde.serializer().serialize(ALERT_TOPIC, null)).isNull();
    assertThat(serde.deserializer().deserialize(ALERT_TOPIC, null)).isNull();
    assertThat(AvroSerdes.generic(config, false).deserialize(ALERT_TOPIC, null)).isNull();
  }

  @Test
  void shouldBeConfigurableAfterReflectiveConstruction() {
    AvroSerializer<Alert> serializer = new AvroSerializer<>();
    SpecificAvroSerde<Alert> serde = new SpecificAvroSerde<>(Alert.class);
    GenericAvroDeserializer generic = new GenericAvroDeserializer();

    serializer.configure(config, false);
    serde.configure(config, false);
    generic.configure(config, false);
    byte[] framed = serializer.serialize(ALERT_TOPIC, TestRecords.failedLoginBurst());

    assertThat(serde.deserializer().deserialize(ALERT_TOPIC, framed))
        .isEqualTo(TestRecords.failedLoginBurst());
    assertThat(generic.deserialize(ALERT_TOPIC, framed).get("area")).hasToString("auth");
  }

  @Test
  void shouldRefuseToRunUnconfigured() {
    AvroSerializer<Alert> serializer = new AvroSerializer<>();

    assertThatThrownBy(() -> serializer.serialize(ALERT_TOPIC, TestRecords.failedLoginBurst()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not configured");
  }

  @Test
  void shouldRequireTheRegistryUrl() {
    assertThatThrownBy(() -> new AvroSerializer<Alert>(Map.of(), false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(SerdeConfig.SCHEMA_REGISTRY_URL);
  }

  @Test
  void shouldFailClearlyWhenAutoRegisterIsOffAndTheSchemaIsNotRegistered() {
    Map<String, Object> noAutoRegister = new HashMap<>(config);
    noAutoRegister.put(SerdeConfig.AUTO_REGISTER_SCHEMAS, "false");
    AvroSerializer<Alert> serializer = new AvroSerializer<>(noAutoRegister, false);

    assertThatThrownBy(() -> serializer.serialize(ALERT_TOPIC, TestRecords.failedLoginBurst()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("io.sluice.schemas.Alert is not registered")
        .hasMessageContaining("subject '" + ALERT_TOPIC + "-value'")
        .hasMessageContaining("auto.register.schemas is false");
  }

  @Test
  void shouldUseThePreRegisteredIdWhenAutoRegisterIsOff() {
    int id =
        new InMemorySchemaRegistryClient(scope)
            .register(ALERT_TOPIC + "-value", Alert.getClassSchema());
    Map<String, Object> noAutoRegister = new HashMap<>(config);
    noAutoRegister.put(SerdeConfig.AUTO_REGISTER_SCHEMAS, false);
    AvroSerializer<Alert> serializer = new AvroSerializer<>(noAutoRegister, false);

    byte[] framed = serializer.serialize(ALERT_TOPIC, TestRecords.failedLoginBurst());

    assertThat(WireFormat.schemaId(framed, ALERT_TOPIC)).isEqualTo(id);
  }

  @Test
  void shouldReportARecordAvroCannotWrite() {
    Alert incomplete = TestRecords.failedLoginBurst();
    incomplete.setTitle(null);
    AvroSerializer<Alert> serializer = new AvroSerializer<>(config, false);

    assertThatThrownBy(() -> serializer.serialize(ALERT_TOPIC, incomplete))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Could not serialise io.sluice.schemas.Alert")
        .hasMessageContaining("'" + ALERT_TOPIC + "'");
  }

  /** A registry that gives every schema the same id and knows it by that id. */
  private static final class FixedIdClient implements SchemaRegistryClient {
    private final int id;
    private Schema schema;

    FixedIdClient(int id) {
      this.id = id;
    }

    @Override
    public int register(String subject, Schema schema) {
      this.schema = schema;
      return id;
    }

    @Override
    public Schema getById(int id) {
      return schema;
    }

    @Override
    public OptionalInt lookupId(String subject, Schema schema) {
      return OptionalInt.of(id);
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {}

    @Override
    public boolean subjectExists(String subject) {
      return schema != null;
    }
  }
}
