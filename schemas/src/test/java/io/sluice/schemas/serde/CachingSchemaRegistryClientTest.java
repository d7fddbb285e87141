package io.sluice.schemas.serde;

import static io.sluice.schemas.serde.TestRecords.AUTH_TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.schemas.AuthenticationEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CachingSchemaRegistryClientTest {

  private static final int RECORDS = 1_000;

  private final String scope = "caching-test-" + UUID.randomUUID();
  private final Map<String, Object> config = TestRecords.memConfig(scope);

  @AfterEach
  void resetRegistry() {
    InMemorySchemaRegistryClient.reset(scope);
  }

  @Test
  void shouldRegisterOnceForManyRecords() {
    CountingSchemaRegistryClient registry = counting();
    AvroSerializer<AuthenticationEvent> serializer = new AvroSerializer<>(registry, config, false);

    for (int i = 0; i < RECORDS; i++) {
      serializer.serialize(AUTH_TOPIC, TestRecords.oktaFailedLogin());
    }

    assertThat(registry.registers).hasValue(1);
  }

  @Test
  void shouldFetchEachWriterSchemaOnceForManyRecords() {
    byte[] framed =
        new AvroSerializer<AuthenticationEvent>(config, false)
            .serialize(AUTH_TOPIC, TestRecords.oktaFailedLogin());
    CountingSchemaRegistryClient registry = counting();
    SpecificAvroDeserializer<AuthenticationEvent> deserializer =
        new SpecificAvroDeserializer<>(registry, AuthenticationEvent.class, config, false);

    for (int i = 0; i < RECORDS; i++) {
      deserializer.deserialize(AUTH_TOPIC, framed);
    }

    assertThat(registry.fetches).hasValue(1);
  }

  @Test
  void shouldLookUpOnceWhenAutoRegisterIsOff() {
    new InMemorySchemaRegistryClient(scope)
        .register(AUTH_TOPIC + "-value", AuthenticationEvent.getClassSchema());
    Map<String, Object> noAutoRegister = new HashMap<>(config);
    noAutoRegister.put(SerdeConfig.AUTO_REGISTER_SCHEMAS, false);
    CountingSchemaRegistryClient registry = counting();
    AvroSerializer<AuthenticationEvent> serializer =
        new AvroSerializer<>(registry, noAutoRegister, false);

    for (int i = 0; i < RECORDS; i++) {
      serializer.serialize(AUTH_TOPIC, TestRecords.oktaFailedLogin());
    }

    assertThat(registry.lookups).hasValue(1);
    assertThat(registry.registers).hasValue(0);
  }

  @Test
  void shouldNotFetchASchemaTheSameClientJustRegistered() {
    CountingSchemaRegistryClient registry = counting();
    SchemaRegistryClient cached = CachingSchemaRegistryClient.wrap(registry);

    int id = cached.register(AUTH_TOPIC + "-value", AuthenticationEvent.getClassSchema());
    Schema fetched = cached.getById(id);

    assertThat(fetched).isEqualTo(AuthenticationEvent.getClassSchema());
    assertThat(registry.fetches).hasValue(0);
  }

  @Test
  void shouldAskAgainAfterAMissSoALaterRegistrationIsFound() {
    CountingSchemaRegistryClient registry = counting();
    SchemaRegistryClient cached = CachingSchemaRegistryClient.wrap(registry);
    String subject = AUTH_TOPIC + "-value";
    Schema schema = AuthenticationEvent.getClassSchema();

    assertThat(cached.lookupId(subject, schema)).isEmpty();
    int id = new InMemorySchemaRegistryClient(scope).register(subject, schema);

    assertThat(cached.lookupId(subject, schema)).hasValue(id);
    assertThat(cached.lookupId(subject, schema)).hasValue(id);
    assertThat(registry.lookups).hasValue(2);
  }

  @Test
  void shouldNotWrapACachingClientTwice() {
    SchemaRegistryClient cached = CachingSchemaRegistryClient.wrap(counting());

    assertThat(CachingSchemaRegistryClient.wrap(cached)).isSameAs(cached);
  }

  private CountingSchemaRegistryClient counting() {
    return new CountingSchemaRegistryClient(new InMemorySchemaRegistryClient(scope));
  }
}
