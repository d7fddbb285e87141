package io.sluice.streams.detect;

import java.util.Set;
import org.apache.avro.generic.IndexedRecord;

/**
 * One {@code where} test on a canonical field. Values compare as text (enum symbols by name,
 * booleans as {@code true}/{@code false}), which the loader has already checked against the field's
 * type.
 */
public sealed interface Condition {

  boolean test(IndexedRecord record);

  /** {@code field: value} or {@code field: [a, b]}: the value is one of these. */
  record In(FieldPath field, Set<String> values) implements Condition {
    @Override
    public boolean test(IndexedRecord record) {
      String value = field.getText(record);
      return value != null && values.contains(value);
    }
  }

  /** {@code field: {present: true|false}}. */
  record Present(FieldPath field, boolean present) implements Condition {
    @Override
    public boolean test(IndexedRecord record) {
      Object value = field.get(record);
      boolean isPresent = value != null && !(value instanceof CharSequence s && s.isEmpty());
      return isPresent == present;
    }
  }

  /** {@code field: {not: ...}}. */
  record Not(Condition inner) implements Condition {
    @Override
    public boolean test(IndexedRecord record) {
      return !inner.test(record);
    }
  }
}
