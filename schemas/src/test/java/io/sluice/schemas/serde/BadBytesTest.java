package io.sluice.schemas.serde;

import static io.sluice.schemas.serde.TestRecords.AUTH_TOPIC;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.schemas.AuthenticationEvent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Whatever lands on a topic, the deserializer says precisely what is wrong with it. */
class BadBytesTest {

  private final String scope = "bad-bytes-test-" + UUID.randomUUID();
  private final Map<String, Object> config = TestRecords.memConfig(scope);
  private final Deserializer<AuthenticationEvent> specific =
      new SpecificAvroDeserializer<>(AuthenticationEvent.class, config, false);
  private final Deserializer<?> generic = new GenericAvroDeserializer(config, false);

  @AfterEach
  void resetRegistry() {
    InMemorySchemaRegistryClient.reset(scope);
  }

  @Test
  void shouldNameTheMagicByteFoundWhenJsonIsSentToAnAvroTopic() {
    byte[] json = "{\"eventType\":\"user.session.start\"}".getBytes(StandardCharsets.UTF_8);

    for (Deserializer<?> deserializer : new Deserializer<?>[] {specific, generic}) {
      assertThatThrownBy(() -> deserializer.deserialize(AUTH_TOPIC, json))
          .isInstanceOf(SerializationException.class)
          .hasMessageContaining("Unknown magic byte 0x7b ('{')")
          .hasMessageContaining("expected 0x00")
          .hasMessageContaining(AUTH_TOPIC);
    }
  }

  @Test
  void shouldNameANonPrintableMagicByteInHex() {
    assertThatThrownBy(() -> specific.deserialize(AUTH_TOPIC, new byte[] {(byte) 0xff, 0, 0, 0, 1}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Unknown magic byte 0xff ");
  }

  @Test
  void shouldSayAnEmptyValueIsTooShort() {
    assertThatThrownBy(() -> specific.deserialize(AUTH_TOPIC, new byte[0]))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("too short")
        .hasMessageContaining("0 bytes");
  }

  @Test
  void shouldGiveTheLengthOfATruncatedHeader() {
    assertThatThrownBy(() -> specific.deserialize(AUTH_TOPIC, new byte[] {0, 0, 0}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("truncated: 3 bytes")
        .hasMessageContaining("at least 5");
  }

  @Test
  void shouldNameAnUnknownSchemaId() {
    byte[] unknownId = {0, 0, 0, 0x30, 0x39, 2, 4, 6};

    for (Deserializer<?> deserializer : new Deserializer<?>[] {specific, generic}) {
      assertThatThrownBy(() -> deserializer.deserialize(AUTH_TOPIC, unknownId))
          .isInstanceOf(SerializationException.class)
          .hasMessageContaining("Unknown schema id 12345")
          .hasMessageContaining(AUTH_TOPIC);
    }
  }

  @Test
  void shouldReportATruncatedAvroBody() {
    byte[] framed =
        new AvroSerializer<AuthenticationEvent>(config, false)
            .serialize(AUTH_TOPIC, TestRecords.oktaFailedLogin());
    byte[] truncated = Arrays.copyOf(framed, framed.length / 2);
    int id = WireFormat.schemaId(framed, AUTH_TOPIC);

    for (Deserializer<?> deserializer : new Deserializer<?>[] {specific, generic}) {
      assertThatThrownBy(() -> deserializer.deserialize(AUTH_TOPIC, truncated))
          .isInstanceOf(SerializationException.class)
          .hasMessageContaining("Could not decode the Avro body")
          .hasMessageContaining("schema id " + id)
          .hasMessageContaining((truncated.length - 5) + " bytes after the header")
          .hasMessageContaining("truncated or corrupt");
    }
  }

  @Test
  void shouldReportAHeaderWithNoBodyAsADecodeFailure() {
    byte[] framed =
        new AvroSerializer<AuthenticationEvent>(config, false)
            .serialize(AUTH_TOPIC, TestRecords.oktaFailedLogin());
    byte[] headerOnly = Arrays.copyOf(framed, WireFormat.HEADER_LENGTH);

    assertThatThrownBy(() -> specific.deserialize(AUTH_TOPIC, headerOnly))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("0 bytes after the header");
  }
}
