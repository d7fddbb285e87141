package io.sluice.streams.detect;

import io.sluice.streams.canonical.CanonicalClass;
import org.apache.avro.specific.SpecificRecord;

/** Test access to a canonical record's key field, as a normaliser would key it. */
public final class FieldPathAccess {
  private FieldPathAccess() {}

  public static Object get(CanonicalClass c, SpecificRecord record) {
    return FieldPath.resolve(c.schema(), c.keyField()).orElseThrow().get(record);
  }
}
