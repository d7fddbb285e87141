package io.sluice.streams.detect;

import io.sluice.schemas.User;
import io.sluice.streams.enrich.VipLookup;
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
  private static final String USER = User.getClassSchema().getFullName();

  private final String path;
  private final int[] positions;
  private final Schema leaf;
  private final boolean vipFlag;

  private FieldPath(String path, int[] positions, Schema leaf, boolean vipFlag) {
    this.path = path;
    this.positions = positions;
    this.leaf = leaf;
    this.vipFlag = vipFlag;
  }

  /** Resolves a path, or empty when a segment is not a field of the (nested) record. */
  public static Optional<FieldPath> resolve(Schema recordSchema, String path) {
    if (path == null || path.isBlank()) {
      return Optional.empty();
    }
    List<Integer> positions = new ArrayList<>();
    Schema current = recordSchema;
    Schema parent = null;
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
      parent = record;
      current = field.schema();
    }
    boolean vipFlag =
        parent != null
            && USER.equals(parent.getFullName())
            && path.endsWith(".vip")
            && positions.size() > 1;
    return Optional.of(
        new FieldPath(
            path, positions.stream().mapToInt(Integer::intValue).toArray(), current, vipFlag));
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

  /**
   * The value as text, with a user's VIP flag ({@code user.vip}, {@code recipient.vip}) read from
   * the VIP list now rather than from the record: VIP status applies when a rule decides, so a VIP
   * added after an event was normalised still counts.
   */
  public String getText(IndexedRecord record, VipLookup vips) {
    if (vipFlag) {
      Object user = parentOf(record);
      return user instanceof User u ? Boolean.toString(vips.isVip(u)) : null;
    }
    return getText(record);
  }

  /** Whether this path is a user's VIP flag, which rules read from the live VIP list. */
  public boolean isVipFlag() {
    return vipFlag;
  }

  /** The user record holding a VIP flag, or null. */
  private Object parentOf(IndexedRecord record) {
    Object current = record;
    for (int i = 0; i < positions.length - 1; i++) {
      if (!(current instanceof IndexedRecord indexed)) {
        return null;
      }
      current = indexed.get(positions[i]);
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
