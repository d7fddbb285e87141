package io.sluice.schemas.serde;

import static io.sluice.schemas.serde.TestRecords.AUTH_TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.schemas.Alert;
import io.sluice.schemas.AuthenticationEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Producers upgrade at their own pace: records written with other schema versions must read. */
class ReaderSchemaResolutionTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String scope = "resolution-test-" + UUID.randomUUID();
  private final Map<String, Object> config = TestRecords.memConfig(scope);

  @AfterEach
  void resetRegistry() {
    InMemorySchemaRegistryClient.reset(scope);
  }

  @Test
  void shouldReadANewerWriterWithAnExtraFieldAndWithoutAFieldThatHasADefault() throws IOException {
    // Given a producer whose schema added risk_score and dropped app (which has a default)
    Schema evolved = evolvedAuthenticationEvent();
    GenericRecord written = asEvolved(TestRecords.oktaFailedLogin(), evolved);
    written.put("risk_score", 87);
    byte[] framed = new AvroSerializer<GenericRecord>(config, false).serialize(AUTH_TOPIC, written);

    // When a consumer reads it as the generated class
    AuthenticationEvent read =
        new SpecificAvroDeserializer<>(AuthenticationEvent.class, config, false)
            .deserialize(AUTH_TOPIC, framed);

    // Then the extra field is skipped, the missing one takes its default, the rest is intact
    AuthenticationEvent expected = TestRecords.oktaFailedLogin();
    expected.setApp(null);
    assertThat(read).isEqualTo(expected);
  }

  @Test
  void shouldReadRecordsOfTwoWriterVersionsThroughOneDeserializer() throws IOException {
    AvroSerializer<GenericRecord> genericSerializer = new AvroSerializer<>(config, false);
    byte[] current =
        new AvroSerializer<AuthenticationEvent>(config, false)
            .serialize(AUTH_TOPIC, TestRecords.oktaFailedLogin());
    GenericRecord evolved = asEvolved(TestRecords.oktaFailedLogin(), evolvedAuthenticationEvent());
    evolved.put("risk_score", 12);
    byte[] newer = genericSerializer.serialize(AUTH_TOPIC, evolved);
    SpecificAvroDeserializer<AuthenticationEvent> deserializer =
        new SpecificAvroDeserializer<>(AuthenticationEvent.class, config, false);

    assertThat(WireFormat.schemaId(newer, AUTH_TOPIC))
        .isNotEqualTo(WireFormat.schemaId(current, AUTH_TOPIC));
    assertThat(deserializer.deserialize(AUTH_TOPIC, current).getApp()).isEqualTo("Okta Dashboard");
    assertThat(deserializer.deserialize(AUTH_TOPIC, newer).getApp()).isNull();
    assertThat(deserializer.deserialize(AUTH_TOPIC, current).getApp()).isEqualTo("Okta Dashboard");
  }

  @Test
  void shouldRefuseAWriterSchemaTheClassCannotRead() {
    byte[] alert =
        new AvroSerializer<Alert>(config, false)
            .serialize(AUTH_TOPIC, TestRecords.failedLoginBurst());

    assertThatThrownBy(
            () ->
                new SpecificAvroDeserializer<>(AuthenticationEvent.class, config, false)
                    .deserialize(AUTH_TOPIC, alert))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("(io.sluice.schemas.Alert)")
        .hasMessageContaining("cannot be read as io.sluice.schemas.AuthenticationEvent");
  }

  /** AuthenticationEvent plus {@code risk_score} (int, default 0), minus {@code app}. */
  private static Schema evolvedAuthenticationEvent() throws IOException {
    ObjectNode schema = (ObjectNode) JSON.readTree(AuthenticationEvent.getClassSchema().toString());
    ArrayNode fields = (ArrayNode) schema.get("fields");
    for (int i = 0; i < fields.size(); i++) {
      if ("app".equals(fields.get(i).get("name").asText())) {
        fields.remove(i);
        break;
      }
    }
    fields.addObject().put("name", "risk_score").put("type", "int").put("default", 0);
    return new Schema.Parser().parse(schema.toString());
  }

  /** The record as a producer on the evolved schema would hold it (Avro schema resolution). */
  private static GenericRecord asEvolved(AuthenticationEvent event, Schema evolved)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<AuthenticationEvent>(AuthenticationEvent.class).write(event, encoder);
    encoder.flush();
    return new GenericDatumReader<GenericRecord>(AuthenticationEvent.getClassSchema(), evolved)
        .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
  }
}
