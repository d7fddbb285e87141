package io.sluice.streams.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * A dotted path to a canonical field (e.g. {@code user.vip}), resolved against the class's Avro
 * schema once at rule load time, so that a typo fails start-up and evaluation is a few indexed
 * reads per record.
 */
public final class FieldPath {
  private final String path;
  private final int[] positions;
  private final Schema leaf;

  private FieldPath(String path, int[] positions, Schema leaf) {
    this.path = path;
    this.positions = positions;
    this.leaf = leaf;
  }

  /** Resolves a path, or empty when a segment is not a field of the (nested) record. */
  public static Optional<FieldPath> resolve(Schema recordSchema, String path) {
    if (path == null || path.isBlank()) {
      return Optional.empty();
    }
    List<Integer> positions = new ArrayList<>();
    Schema current = recordSchema;
    for (String segment : path.split("\\.", -1)) {
      Schema record = nonNull(current);
      if (record.getType() != Schema.Type.RECORD) {
        return Optional.empty();
      }
      Schema.Field field = record.getField(segment);
      if (field == null) {
        return Optional.empty();
      }
      positions.add(field.pos());
      current = field.schema();
    }
    return Optional.of(
        new FieldPath(path, positions.stream().mapToInt(Integer::intValue).toArray(), current));
  }

  /** The schema of the value at the end of the path, without its null branch. */
  public Schema leafSchema() {
    return nonNull(leaf);
  }

  public String path() {
    return path;
  }

  /** The value at the path, or null when the path (or a record on it) is absent. */
  public Object get(IndexedRecord record) {
    Object current = record;
    for (int position : positions) {
      if (!(current instanceof IndexedRecord indexed)) {
        return null;
      }
      current = indexed.get(position);
    }
    return current;
  }

  /** The value as text (enum symbols by name), or null. */
  public String getText(IndexedRecord record) {
    Object value = get(record);
    if (value == null) {
      return null;
    }
    return value instanceof Enum<?> e ? e.name() : value.toString();
  }

  private static Schema nonNull(Schema schema) {
    if (schema.getType() != Schema.Type.UNION) {
      return schema;
    }
    return schema.getTypes().stream()
        .filter(s -> s.getType() != Schema.Type.NULL)
        .findFirst()
        .orElse(schema);
  }

  @Override
  public String toString() {
    return path;
  }
}
