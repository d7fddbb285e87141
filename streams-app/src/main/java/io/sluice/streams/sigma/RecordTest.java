package io.sluice.streams.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A compiled piece of a detection: does this raw record pass? Immutable and thread-safe. */
@FunctionalInterface
interface RecordTest {
  boolean test(JsonNode raw);

  static RecordTest and(List<RecordTest> parts) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    RecordTest[] all = parts.toArray(RecordTest[]::new);
    return raw -> {
      for (RecordTest part : all) {
        if (!part.test(raw)) {
          return false;
        }
      }
      return true;
    };
  }

  static RecordTest or(List<RecordTest> parts) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    RecordTest[] any = parts.toArray(RecordTest[]::new);
    return raw -> {
      for (RecordTest part : any) {
        if (part.test(raw)) {
          return true;
        }
      }
      return false;
    };
  }

  static RecordTest not(RecordTest inner) {
    return raw -> !inner.test(raw);
  }

  /** Some value at the field's path passes the leaf test. */
  static RecordTest anyValue(FieldResolver field, LeafTest test) {
    return raw -> field.anyLeaf(raw, test);
  }

  /** {@code field: null}: the field is absent, or every value at its path is JSON null. */
  static RecordTest isNull(FieldResolver field) {
    return raw -> !field.anyLeaf(raw, LeafTest.NOT_NULL);
  }

  /** {@code field|exists: true/false}. */
  static RecordTest exists(FieldResolver field, boolean expected) {
    return raw -> field.present(raw) == expected;
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
