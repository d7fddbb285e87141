package io.sluice.streams.detect;

import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.enrich.VipLookup;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.avro.generic.IndexedRecord;

/**
 * What a rule counts from one canonical class: the records that match {@code where}, grouped by
 * {@code group_by}, counted as events or distinct values, reaching {@code threshold} within {@code
 * window}. A threshold rule is one step; a sequence rule is two (A, then B).
 *
 * @param distinctField empty for {@code count: events}
 */
public record Step(
    CanonicalClass input,
    List<Condition> where,
    List<FieldPath> groupBy,
    Optional<FieldPath> distinctField,
    int threshold,
    Duration window) {

  public boolean matches(IndexedRecord record, VipLookup vips) {
    for (Condition condition : where) {
      if (!condition.test(record, vips)) {
        return false;
      }
    }
    return true;
  }

  /** The group key of a record: the group-by values joined by '|', or null if any is absent. */
  public String groupKey(IndexedRecord record) {
    if (groupBy.size() == 1) {
      return groupBy.get(0).getText(record);
    }
    return joinKey(groupBy, field -> field.getText(record));
  }

  /** The values of fields joined by '|', or null if any is absent. */
  static <F> String joinKey(List<F> fields, Function<F, String> value) {
    StringBuilder key = new StringBuilder();
    for (F field : fields) {
      String text = value.apply(field);
      if (text == null) {
        return null;
      }
      if (key.length() > 0) {
        key.append('|');
      }
      key.append(text);
    }
    return key.toString();
  }

  /** Whether records already arrive keyed by this step's group key (no repartition needed). */
  public boolean groupsByRecordKey() {
    return groupBy.size() == 1 && groupBy.get(0).path().equals(input.keyField());
  }
}
