package io.sluice.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.schemas.Alert;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** A 409 while registering a schema someone else just registered is not an error. */
class RegistrationRaceTest {

  /** A registry that loses the race: 409 on register, but the schema is there on lookup. */
  private static final class LosingRegistry implements SchemaRegistryClient {
    private final boolean registeredMeanwhile;

    LosingRegistry(boolean registeredMeanwhile) {
      this.registeredMeanwhile = registeredMeanwhile;
    }

    @Override
    public int register(String subject, Schema schema) {
      throw new IncompatibleSchemaException(
          "artifact already exists", 409, 409, "/subjects/" + subject + "/versions");
    }

    @Override
    public Schema getById(int id) {
      return Alert.getClassSchema();
    }

    @Override
    public OptionalInt lookupId(String subject, Schema schema) {
      return registeredMeanwhile ? OptionalInt.of(7) : OptionalInt.empty();
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {}

    @Override
    public boolean subjectExists(String subject) {
      return true;
    }
  }

  @Test
  void shouldUseTheIdOfTheSchemaTheOtherInstanceRegistered() {
    AvroSerializer<Alert> serializer =
        new AvroSerializer<>(
            new LosingRegistry(true), Map.of("schema.registry.url", "mem://race"), false);

    byte[] bytes = serializer.serialize("alerts.authentication", TestRecords.failedLoginBurst());

    assertThat(WireFormat.schemaId(bytes, "alerts.authentication")).isEqualTo(7);
  }

  @Test
  void shouldStillFailOnARealIncompatibility() {
    AvroSerializer<Alert> serializer =
        new AvroSerializer<>(
            new LosingRegistry(false), Map.of("schema.registry.url", "mem://race"), false);

    assertThatThrownBy(
            () -> serializer.serialize("alerts.authentication", TestRecords.failedLoginBurst()))
        .isInstanceOf(IncompatibleSchemaException.class);
  }
}
