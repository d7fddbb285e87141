package io.sluice.streams.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A compiled piece of a detection: does this raw record pass? Immutable and thread-safe.
 *
 * <p>The combinations ({@link Junction}, {@link Not}) and the tests of one field ({@link
 * FieldValue}, {@link FieldNull}, {@link FieldExists}) are classes rather than lambdas so that
 * {@link SigmaMatcher} can take a feed's detections apart and share what they have in common; each
 * still tests a record on its own, which is what {@link SigmaDetectionRule#matches} does. Anything
 * else (a keyword, a {@code fieldref}) is a lambda the matcher runs as it is.
 */
@FunctionalInterface
interface RecordTest {
  boolean test(JsonNode raw);

  static RecordTest and(List<RecordTest> parts) {
    return parts.size() == 1 ? parts.get(0) : new Junction(parts, false);
  }

  static RecordTest or(List<RecordTest> parts) {
    return parts.size() == 1 ? parts.get(0) : new Junction(parts, true);
  }

  static RecordTest not(RecordTest inner) {
    return new Not(inner);
  }

  /** Some value at the field's path passes the leaf test, made of {@code values}. */
  static RecordTest anyValue(EntryField field, LeafTest test, List<JsonNode> values) {
    return new FieldValue(field.resolver(), field.name(), field.modifiers() + values, test);
  }

  /** {@code field: null}: the field is absent, or every value at its path is JSON null. */
  static RecordTest isNull(EntryField field) {
    return new FieldNull(field.resolver(), field.name());
  }

  /** {@code field|exists: true/false}. */
  static RecordTest exists(EntryField field, boolean expected) {
    return new FieldExists(field.resolver(), field.name(), expected);
  }

  /**
   * The field of one selection entry ({@code field|modifier|…}) as its tests name it: two entries
   * with the same field, modifiers and values test the same thing, whichever rule they are in.
   *
   * @param name the Sigma field name as written (a feed maps a name to one path)
   * @param modifiers the entry's modifiers, joined by '|'
   */
  record EntryField(FieldResolver resolver, String name, String modifiers) {}

  /**
   * All parts pass ({@code any} false), or some part passes ({@code any} true): either way the
   * first part whose outcome is {@code any} decides.
   */
  final class Junction implements RecordTest {
    private final RecordTest[] parts;
    private final boolean any;

    Junction(List<RecordTest> parts, boolean any) {
      this.parts = parts.toArray(RecordTest[]::new);
      this.any = any;
    }

    List<RecordTest> parts() {
      return List.of(parts);
    }

    boolean any() {
      return any;
    }

    @Override
    public boolean test(JsonNode raw) {
      for (RecordTest part : parts) {
        if (part.test(raw) == any) {
          return any;
        }
      }
      return !any;
    }
  }

  /** The inner test fails. */
  record Not(RecordTest inner) implements RecordTest {
    @Override
    public boolean test(JsonNode raw) {
      return !inner.test(raw);
    }
  }

  /**
   * Some value at the field's path passes {@code leaf}.
   *
   * @param key what the leaf test is made of (modifiers and values): equal keys on the same field
   *     are the same test
   */
  record FieldValue(FieldResolver field, String name, String key, LeafTest leaf)
      implements RecordTest {
    @Override
    public boolean test(JsonNode raw) {
      return field.anyLeaf(raw, leaf);
    }
  }

  /** The field is absent, or every value at its path is JSON null. */
  record FieldNull(FieldResolver field, String name) implements RecordTest {
    @Override
    public boolean test(JsonNode raw) {
      return !field.anyLeaf(raw, LeafTest.NOT_NULL);
    }
  }

  /** The field is present (whatever its value), or absent when {@code expected} is false. */
  record FieldExists(FieldResolver field, String name, boolean expected) implements RecordTest {
    @Override
    public boolean test(JsonNode raw) {
      return field.present(raw) == expected;
    }
  }

  /** {@code field|fieldref: other}: some value of the field equals some value of the other. */
  static RecordTest sameAs(FieldResolver field, FieldResolver other, boolean cased) {
    return raw ->
        field.anyLeaf(
            raw,
            a ->
                a.isValueNode()
                    && !a.isNull()
                    && other.anyLeaf(raw, b -> b.isValueNode() && same(a, b, cased)));
  }

  private static boolean same(JsonNode a, JsonNode b, boolean cased) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    String x = a.asText();
    String y = b.asText();
    return cased ? x.equals(y) : x.equalsIgnoreCase(y);
  }

  /** A keyword (a value without a field): some scalar anywhere in the record passes. */
  static RecordTest anywhere(LeafTest test) {
    return raw -> anywhere(raw, test, 0);
  }

  private static boolean anywhere(JsonNode node, LeafTest test, int depth) {
    if (depth > 32) {
      return false;
    }
    if (node.isContainerNode()) {
      for (JsonNode child : node) {
        if (anywhere(child, test, depth + 1)) {
          return true;
        }
      }
      return false;
    }
    return !node.isNull() && !node.isMissingNode() && test.test(node);
  }
}
