package io.sluice.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.schemas.AuthenticationEvent;
import io.sluice.schemas.Geo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.UnresolvedUnionException;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;

class NullableUnionWriterTest {
  static {
    GeneratedClassTrust.install(); // the builder's deep copy reads generated classes
  }

  @Test
  void shouldWriteTheBytesAvrosOwnWriterWritesWithOptionalFieldsSetAndUnset() throws IOException {
    AuthenticationEvent filled = TestRecords.oktaFailedLogin();
    AuthenticationEvent sparse = AuthenticationEvent.newBuilder(filled).setSrcGeo(null).build();
    sparse.getUser().setEmail(null);
    filled.setSrcGeo(Geo.newBuilder().setCity("Oslo").setLat(59.9).build());

    for (AuthenticationEvent event : new AuthenticationEvent[] {filled, sparse}) {
      assertThat(
              bytes(new NullableUnionWriter<>(event.getSchema(), event.getSpecificData()), event))
          .isEqualTo(bytes(avrosWriter(event), event));
    }
    assertThat(bytes(avrosWriter(filled), filled)).isNotEqualTo(bytes(avrosWriter(sparse), sparse));
  }

  @Test
  void shouldWriteAnAlertAsAvroDoes() throws IOException {
    var alert = TestRecords.failedLoginBurst();

    assertThat(bytes(new NullableUnionWriter<>(alert.getSchema(), alert.getSpecificData()), alert))
        .isEqualTo(bytes(avrosWriter(alert), alert));
  }

  @Test
  void shouldResolveNullLastAndWiderUnionsAsAvroDoes() throws IOException {
    // Given a null-last optional field and a three-branch union
    Schema schema =
        SchemaBuilder.record("Shapes")
            .fields()
            .name("last")
            .type(SchemaBuilder.unionOf().stringType().and().nullType().endUnion())
            .noDefault()
            .name("three")
            .type(SchemaBuilder.unionOf().nullType().and().intType().and().stringType().endUnion())
            .noDefault()
            .endRecord();
    GenericRecord record = new GenericData.Record(schema);
    record.put("last", "x");
    record.put("three", "text");
    NullableUnionWriter<Object> writer = new NullableUnionWriter<>(schema, SpecificData.get());

    // Then each picks Avro's branch: "x" is branch 0 of [string, null], "text" branch 2 of three
    byte[] written = bytes(writer, record);
    assertThat(written).isEqualTo(bytes(new SpecificDatumWriter<>(schema), record));
    assertThat(written[0]).isEqualTo((byte) 0); // zig-zag 0: branch 0
    record.put("last", null);
    assertThat(bytes(writer, record)[0]).isEqualTo((byte) 2); // zig-zag 1: branch 1, null

    record.put("three", 2.5); // in no branch: still refused as Avro refuses it
    assertThatThrownBy(() -> bytes(writer, record)).isInstanceOf(UnresolvedUnionException.class);
  }

  private static DatumWriter<Object> avrosWriter(SpecificRecordBase record) {
    return new SpecificDatumWriter<>(record.getSchema(), record.getSpecificData());
  }

  private static byte[] bytes(DatumWriter<Object> writer, Object record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    writer.write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
