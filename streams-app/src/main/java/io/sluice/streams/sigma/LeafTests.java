package io.sluice.streams.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The tests of one value against one Sigma value, with Sigma's typing: strings compare to text
 * case-insensitively (unless {@code cased}), to numbers by their decimal text and to booleans by
 * {@code true}/{@code false} (so {@code 'true'} matches a JSON {@code true}); numbers compare to
 * numbers numerically and to text by their decimal text; booleans to booleans and to the text
 * {@code true}/{@code false}. Objects and nulls never equal a value.
 */
final class LeafTests {
  private LeafTests() {}

  static LeafTest anyOf(List<LeafTest> tests) {
    if (tests.size() == 1) {
      return tests.get(0);
    }
    LeafTest[] any = tests.toArray(LeafTest[]::new);
    return leaf -> {
      for (LeafTest test : any) {
        if (test.test(leaf)) {
          return true;
        }
      }
      return false;
    };
  }

  /** A string pattern (plain, wildcards, or what contains/startswith/endswith made of it). */
  static LeafTest glob(Glob glob) {
    Long integer = glob.exactInteger();
    return leaf -> {
      if (leaf.isTextual()) {
        return glob.matches(leaf.textValue());
      }
      if (leaf.isNumber()) {
        if (integer != null && leaf.isIntegralNumber() && leaf.canConvertToLong()) {
          return leaf.longValue() == integer;
        }
        return glob.matches(leaf.asText());
      }
      if (leaf.isBoolean()) {
        return glob.matches(leaf.booleanValue() ? "true" : "false");
      }
      return false;
    };
  }

  /** A YAML number ({@code ResultType: 50126}). */
  static LeafTest number(JsonNode value) {
    String text = value.asText();
    boolean integral = value.isIntegralNumber() && value.canConvertToLong();
    long asLong = value.longValue();
    double asDouble = value.doubleValue();
    return leaf -> {
      if (leaf.isNumber()) {
        if (integral && leaf.isIntegralNumber() && leaf.canConvertToLong()) {
          return leaf.longValue() == asLong;
        }
        return leaf.doubleValue() == asDouble;
      }
      return leaf.isTextual() && leaf.textValue().strip().equalsIgnoreCase(text);
    };
  }

  /** A YAML boolean ({@code DeviceDetail.isCompliant: false}). */
  static LeafTest bool(boolean value) {
    String text = Boolean.toString(value);
    return leaf ->
        leaf.isBoolean()
            ? leaf.booleanValue() == value
            : leaf.isTextual() && leaf.textValue().strip().equalsIgnoreCase(text);
  }

  /** {@code re}: a regular expression found anywhere in the value's text (anchor it to pin it). */
  static LeafTest regex(Pattern pattern) {
    return leaf -> leaf.isValueNode() && !leaf.isNull() && pattern.matcher(text(leaf)).find();
  }

  /** {@code cidr}: the value is an IP literal inside the network. */
  static LeafTest cidr(Cidr network) {
    return leaf -> leaf.isTextual() && network.contains(leaf.textValue());
  }

  enum Compare {
    LT,
    LTE,
    GT,
    GTE
  }

  /** {@code lt}, {@code lte}, {@code gt}, {@code gte}: a number, or text that is one. */
  static LeafTest compare(Compare op, double bound) {
    return leaf -> {
      double v;
      if (leaf.isNumber()) {
        v = leaf.doubleValue();
      } else if (leaf.isTextual()) {
        try {
          v = Double.parseDouble(leaf.textValue().strip());
        } catch (NumberFormatException e) {
          return false;
        }
      } else {
        return false;
      }
      return switch (op) {
        case LT -> v < bound;
        case LTE -> v <= bound;
        case GT -> v > bound;
        case GTE -> v >= bound;
      };
    };
  }

  private static String text(JsonNode leaf) {
    return leaf.isTextual() ? leaf.textValue() : leaf.asText();
  }
}
