package io.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.sandbox.traffic.MixedTraffic;
import io.sluice.schemas.serde.WireFormat;
import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.canonical.CanonicalRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads what the app wrote, in a JVM other than the app's. The app's schema ids may live only in
 * its worker's in-memory registry ({@link BenchRegistry}), so a canonical record is read with this
 * build's schema of its class (the writer's, since the worker runs the same jars) after the 5-byte
 * Confluent header. Alerts are read from {@code alerts.ocsf-json}, which carries every alert as
 * JSON with its rule, entity and evidence.
 */
final class Outputs {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<CanonicalClass, SpecificDatumReader<SpecificRecord>> readers =
      new EnumMap<>(CanonicalClass.class);
  private BinaryDecoder decoder;

  /** An alert: rule id, entity, and the raw record of its newest evidence (if it has one). */
  record SeenAlert(String rule, String entity, Optional<RawRef> newest) {
    MixedTraffic.ExpectedAlert key() {
      return new MixedTraffic.ExpectedAlert(rule, entity);
    }
  }

  record RawRef(String topic, int partition, long offset) {}

  /** The event id of a canonical record in the Confluent wire format. */
  String canonicalEventId(CanonicalClass c, byte[] framed) {
    SpecificDatumReader<SpecificRecord> reader =
        readers.computeIfAbsent(c, k -> new SpecificDatumReader<>(k.schema()));
    decoder =
        DecoderFactory.get()
            .binaryDecoder(
                framed,
                WireFormat.HEADER_LENGTH,
                framed.length - WireFormat.HEADER_LENGTH,
                decoder);
    try {
      return CanonicalRecords.metadata(reader.read(null, decoder)).getEventId();
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable record on " + c.topic(), e);
    }
  }

  static SeenAlert alert(byte[] ocsfJson) {
    try {
      JsonNode f = JSON.readTree(ocsfJson);
      String rule = f.at("/finding_info/analytic/uid").asText();
      String entity = f.at("/observables/0/value").asText();
      RawRef newest = null;
      long newestTime = Long.MIN_VALUE;
      for (JsonNode e : f.path("evidences")) {
        JsonNode data = e.path("data");
        JsonNode ref = data.path("raw_ref");
        long time = data.path("time").asLong();
        if (!ref.isMissingNode() && time >= newestTime) {
          newestTime = time;
          newest =
              new RawRef(
                  ref.path("topic").asText(),
                  ref.path("partition").asInt(),
                  ref.path("offset").asLong());
        }
      }
      return new SeenAlert(rule, entity, Optional.ofNullable(newest));
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable OCSF finding", e);
    }
  }
}
