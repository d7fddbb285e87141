package io.sluice.streams.detect;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.avro.Schema;

/**
 * Parses a rule step's {@code where} into {@link Condition}s, checking every field against the
 * input class's schema and every literal against the field's type (enum symbols, booleans,
 * numbers), so a typo stops start-up instead of silently matching nothing.
 */
final class WhereParser {
  /** Receives (key, message) for each problem found. */
  private final BiConsumer<String, String> problems;

  WhereParser(BiConsumer<String, String> problems) {
    this.problems = problems;
  }

  List<Condition> parse(JsonNode stepNode, String at, Schema schema) {
    JsonNode where = stepNode.get("where");
    List<Condition> conditions = new ArrayList<>();
    if (where == null || where.isNull()) {
      return conditions;
    }
    if (!where.isObject()) {
      problems.accept(at + "where", "must be a mapping of canonical field to value");
      return conditions;
    }
    for (String path : RuleLoader.fieldNames(where)) {
      String key = at + "where." + path;
      Optional<FieldPath> field = FieldPath.resolve(schema, path);
      if (field.isEmpty() || !isScalar(field.get().leafSchema())) {
        problems.accept(
            key, "'" + path + "' is not a field of " + schema.getName() + " that can be compared");
        continue;
      }
      condition(field.get(), where.get(path), key).ifPresent(conditions::add);
    }
    return conditions;
  }

  private Optional<Condition> condition(FieldPath field, JsonNode spec, String key) {
    if (spec.isObject()) {
      if (spec.size() != 1) {
        problems.accept(key, "a test must have exactly one of: not, present, in");
        return Optional.empty();
      }
      String op = spec.fieldNames().next();
      JsonNode arg = spec.get(op);
      switch (op) {
        case "not":
          return condition(field, arg, key + ".not").map(Condition.Not::new);
        case "present":
          if (!arg.isBoolean()) {
            problems.accept(key + ".present", "must be true or false");
            return Optional.empty();
          }
          return Optional.of(new Condition.Present(field, arg.booleanValue()));
        case "in":
          return condition(field, arg, key + ".in");
        default:
          problems.accept(key, "unknown test '" + op + "' (known: not, present, in)");
          return Optional.empty();
      }
    }
    List<JsonNode> values = new ArrayList<>();
    if (spec.isArray()) {
      spec.forEach(values::add);
      if (values.isEmpty()) {
        problems.accept(key, "an empty list matches nothing");
        return Optional.empty();
      }
    } else {
      values.add(spec);
    }
    Set<String> accepted = new LinkedHashSet<>();
    for (JsonNode value : values) {
      checkValue(field, value, key).ifPresent(accepted::add);
    }
    return accepted.size() == values.size()
        ? Optional.of(new Condition.In(field, Set.copyOf(accepted)))
        : Optional.empty();
  }

  /** A literal compared with a field, checked against the field's type. */
  private Optional<String> checkValue(FieldPath field, JsonNode value, String key) {
    if (!value.isValueNode() || value.isNull()) {
      problems.accept(key, "expected a value, a list of values, or a test (not, present, in)");
      return Optional.empty();
    }
    Schema leaf = field.leafSchema();
    String text = value.asText();
    switch (leaf.getType()) {
      case ENUM:
        String symbol = text.toUpperCase(Locale.ROOT);
        if (!leaf.getEnumSymbols().contains(symbol)) {
          problems.accept(
              key, "'" + text + "' is not one of " + String.join(", ", leaf.getEnumSymbols()));
          return Optional.empty();
        }
        return Optional.of(symbol);
      case BOOLEAN:
        if (!value.isBoolean()) {
          problems.accept(key, "'" + text + "' is not true or false");
          return Optional.empty();
        }
        return Optional.of(text);
      case INT:
      case LONG:
      case DOUBLE:
      case FLOAT:
        if (!value.isNumber()) {
          problems.accept(key, "'" + text + "' is not a number");
          return Optional.empty();
        }
        return Optional.of(text);
      default:
        return Optional.of(text);
    }
  }

  static boolean isScalar(Schema schema) {
    switch (schema.getType()) {
      case STRING:
      case ENUM:
      case BOOLEAN:
      case INT:
      case LONG:
      case FLOAT:
      case DOUBLE:
        return true;
      default:
        return false;
    }
  }
}
