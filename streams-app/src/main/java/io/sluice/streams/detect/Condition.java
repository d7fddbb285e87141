package io.sluice.streams.detect;

import io.sluice.streams.enrich.VipLookup;
import java.util.Set;
import org.apache.avro.generic.IndexedRecord;

/**
 * One {@code where} test on a canonical field. Values compare as text (enum symbols by name,
 * booleans as {@code true}/{@code false}), which the loader has already checked against the field's
 * type.
 */
public sealed interface Condition {

  /**
   * @param vips the live VIP list: a user's {@code vip} flag is read from it, not from the record
   */
  boolean test(IndexedRecord record, VipLookup vips);

  /** {@code field: value} or {@code field: [a, b]}: the value is one of these. */
  record In(FieldPath field, Set<String> values) implements Condition {
    @Override
    public boolean test(IndexedRecord record, VipLookup vips) {
      String value = field.getText(record, vips);
      return value != null && values.contains(value);
    }
  }

  /** {@code field: {present: true|false}}. */
  record Present(FieldPath field, boolean present) implements Condition {
    @Override
    public boolean test(IndexedRecord record, VipLookup vips) {
      Object value = field.isVipFlag() ? field.getText(record, vips) : field.get(record);
      boolean isPresent = value != null && !(value instanceof CharSequence s && s.isEmpty());
      return isPresent == present;
    }
  }

  /** {@code field: {not: ...}}. */
  record Not(Condition inner) implements Condition {
    @Override
    public boolean test(IndexedRecord record, VipLookup vips) {
      return !inner.test(record, vips);
    }
  }
}
