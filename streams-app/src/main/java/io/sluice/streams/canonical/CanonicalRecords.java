package io.sluice.streams.canonical;

import io.sluice.schemas.EventMetadata;
import org.apache.avro.specific.SpecificRecord;

/** Access to what every canonical class has in common: its {@code metadata} block. */
public final class CanonicalRecords {
  private CanonicalRecords() {}

  public static EventMetadata metadata(SpecificRecord record) {
    if (record.getSchema().getField("metadata") == null
        || !(record.get(record.getSchema().getField("metadata").pos())
            instanceof EventMetadata metadata)) {
      throw new IllegalArgumentException(
          "not a canonical record (no metadata block): " + record.getSchema().getFullName());
    }
    return metadata;
  }
}
