package io.sluice.streams.detect;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.schemas.Severity;
import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;

/**
 * Validates one rule as written (a YAML mapping) against the documented schema and the canonical
 * classes. Reports each problem as {@code <file>: rule '<id>': key '<key>': <what>} and returns a
 * rule only when there is none.
 */
final class RuleParser {
  static final Duration DEFAULT_GRACE = Duration.ofHours(1);

  private static final Pattern ID = Pattern.compile("[a-z0-9]+(?:[.-][a-z0-9]+)*");
  private static final Set<String> COMMON_KEYS =
      Set.of(
          "id",
          "name",
          "version",
          "description",
          "type",
          "area",
          "severity",
          "severity_vip",
          "attack",
          "group_by",
          "suppress",
          "grace",
          "max_alerts_per_hour",
          "why",
          "references",
          "expect");
  private static final Set<String> THRESHOLD_KEYS =
      union(COMMON_KEYS, Set.of("input", "where", "count", "threshold", "window"));
  private static final Set<String> SEQUENCE_KEYS = union(COMMON_KEYS, Set.of("steps", "within"));
  private static final Set<String> FIRST_STEP_KEYS =
      Set.of("input", "where", "count", "threshold", "window");
  private static final Set<String> LAST_STEP_KEYS = Set.of("input", "where");

  private final String origin;
  private final JsonNode node;
  private final List<String> problems;
  private final int before;
  private String id;

  RuleParser(String origin, int index, JsonNode node, List<String> problems) {
    this.origin = origin;
    this.node = node;
    this.problems = problems;
    this.before = problems.size();
    this.id = "#" + index;
  }

  Optional<Rule> parse() {
    String rawId = text(node, "id", "id", true);
    if (rawId != null) {
      id = rawId;
      if (!ID.matcher(rawId).matches()) {
        problem("id", "must be lower-case words separated by '.' or '-', e.g. auth.my-rule");
      }
    }
    String typeName = text(node, "type", "type", true);
    Rule.Type type = null;
    if ("threshold".equals(typeName)) {
      type = Rule.Type.THRESHOLD;
    } else if ("sequence".equals(typeName)) {
      type = Rule.Type.SEQUENCE;
    } else if (typeName != null) {
      problem("type", "unknown rule type '" + typeName + "' (supported: threshold, sequence)");
      return Optional.empty();
    }
    Set<String> allowed = type == Rule.Type.SEQUENCE ? SEQUENCE_KEYS : THRESHOLD_KEYS;
    unknownKeys(node, "", allowed);
    String name = text(node, "name", "name", true);
    int version = integer(node, "version", "version", 1, 1);
    String description = text(node, "description", "description", false);
    Rule.Area area = null;
    String areaName = text(node, "area", "area", true);
    if (areaName != null) {
      area = Rule.Area.byName(areaName).orElse(null);
      if (area == null) {
        problem("area", "unknown area '" + areaName + "' (known: " + areaNames() + ")");
      }
    }
    Severity severity = severity("severity", true);
    Optional<Severity> severityVip = Optional.ofNullable(severity("severity_vip", false));
    List<String> attack = stringList(node, "attack", "attack");
    List<String> groupBy = stringList(node, "group_by", "group_by");
    if (!node.has("group_by")) {
      problem("group_by", "is required (1 to 3 canonical fields)");
    } else if (groupBy.isEmpty() || groupBy.size() > 3) {
      problem("group_by", "must list 1 to 3 canonical fields, got " + groupBy.size());
      groupBy = List.of();
    }
    Duration grace = duration(node, "grace", "grace", DEFAULT_GRACE, true);
    Optional<Integer> cap =
        node.has("max_alerts_per_hour")
            ? Optional.of(integer(node, "max_alerts_per_hour", "max_alerts_per_hour", null, 1))
            : Optional.empty();
    List<Step> steps = new ArrayList<>();
    Duration within;
    if (type == Rule.Type.SEQUENCE) {
      within = duration(node, "within", "within", null, false);
      JsonNode list = node.get("steps");
      if (list == null || !list.isArray() || list.size() != 2) {
        problem("steps", "a sequence needs exactly two steps: A, then B");
      } else {
        step(list.get(0), "steps[0]", groupBy, within, FIRST_STEP_KEYS).ifPresent(steps::add);
        step(list.get(1), "steps[1]", groupBy, within, LAST_STEP_KEYS).ifPresent(steps::add);
      }
    } else {
      step(node, "", groupBy, null, Set.of()).ifPresent(steps::add);
      within = steps.isEmpty() ? Duration.ofMinutes(1) : steps.get(0).window();
    }
    Duration suppress = duration(node, "suppress", "suppress", within, false);
    if (problems.size() > before || type == null) {
      return Optional.empty();
    }
    return Optional.of(
        new Rule(
            id,
            name,
            version,
            description,
            type,
            area,
            severity,
            severityVip,
            attack,
            List.copyOf(steps),
            within,
            suppress,
            grace,
            cap,
            origin,
            Optional.empty()));
  }

  /**
   * One step: a threshold rule's body (prefix "") or a sequence step (prefix "steps[i]").
   *
   * @param defaultWindow the window when the step names none (sequence steps: the rule's within)
   * @param allowed keys a sequence step may have; empty for a threshold rule's body
   */
  private Optional<Step> step(
      JsonNode stepNode,
      String prefix,
      List<String> groupBy,
      Duration defaultWindow,
      Set<String> allowed) {
    String at = prefix.isEmpty() ? "" : prefix + ".";
    if (!stepNode.isObject()) {
      problem(prefix, "must be a mapping");
      return Optional.empty();
    }
    if (!allowed.isEmpty()) {
      unknownKeys(stepNode, at, allowed);
    }
    int errors = problems.size();
    CanonicalClass input = null;
    String inputName = text(stepNode, "input", at + "input", true);
    if (inputName != null) {
      input = CanonicalClass.byRuleName(inputName).orElse(null);
      if (input == null) {
        problem(
            at + "input",
            "unknown canonical class '" + inputName + "' (known: " + classNames() + ")");
      }
    }
    int threshold =
        prefix.isEmpty()
            ? integer(stepNode, "threshold", "threshold", null, 1)
            : integer(stepNode, "threshold", at + "threshold", 1, 1);
    Duration window =
        prefix.isEmpty()
            ? duration(stepNode, "window", "window", null, false)
            : duration(stepNode, "window", at + "window", defaultWindow, false);
    if (input == null) {
      return Optional.empty();
    }
    Schema schema = input.schema();
    List<Condition> where = new WhereParser(this::problem).parse(stepNode, at, schema);
    List<FieldPath> fields = new ArrayList<>();
    for (String path : groupBy) {
      Optional<FieldPath> field = FieldPath.resolve(schema, path);
      if (field.isEmpty() || !WhereParser.isScalar(field.get().leafSchema())) {
        problem("group_by", "'" + path + "' is not a field of " + schema.getName());
      } else {
        fields.add(field.get());
      }
    }
    Optional<FieldPath> distinct = count(stepNode, at, schema);
    if (problems.size() > errors || window == null) {
      return Optional.empty();
    }
    return Optional.of(new Step(input, where, List.copyOf(fields), distinct, threshold, window));
  }

  private Optional<FieldPath> count(JsonNode stepNode, String at, Schema schema) {
    JsonNode count = stepNode.get("count");
    if (count == null || (count.isTextual() && "events".equals(count.textValue()))) {
      return Optional.empty();
    }
    if (count.isObject() && count.size() == 1 && count.has("distinct")) {
      String path = count.get("distinct").asText();
      Optional<FieldPath> field = FieldPath.resolve(schema, path);
      if (field.isEmpty() || !WhereParser.isScalar(field.get().leafSchema())) {
        problem(at + "count.distinct", "'" + path + "' is not a field of " + schema.getName());
        return Optional.empty();
      }
      return field;
    }
    problem(at + "count", "must be 'events' or {distinct: <canonical field>}");
    return Optional.empty();
  }

  private void unknownKeys(JsonNode map, String at, Set<String> allowed) {
    for (String key : RuleLoader.fieldNames(map)) {
      if (!allowed.contains(key)) {
        problem(
            at + key,
            "unknown key (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
      }
    }
  }

  private String text(JsonNode map, String field, String key, boolean required) {
    JsonNode value = map.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        problem(key, "is required");
      }
      return null;
    }
    if (!value.isTextual() || value.textValue().isBlank()) {
      problem(key, "must be a non-empty string");
      return null;
    }
    return value.textValue().strip();
  }

  private int integer(JsonNode map, String field, String key, Integer defaultValue, int min) {
    JsonNode value = map.get(field);
    if (value == null || value.isNull()) {
      if (defaultValue == null) {
        problem(key, "is required");
        return min;
      }
      return defaultValue;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      problem(key, "'" + value.asText() + "' is not a whole number");
      return min;
    }
    if (value.intValue() < min) {
      problem(key, "must be at least " + min + ", got " + value.intValue());
      return min;
    }
    return value.intValue();
  }

  /**
   * @param defaultValue used when absent; null makes the key required
   * @param zeroAllowed grace may be zero, windows may not
   */
  private Duration duration(
      JsonNode map, String field, String key, Duration defaultValue, boolean zeroAllowed) {
    JsonNode value = map.get(field);
    if (value == null || value.isNull()) {
      if (defaultValue == null) {
        problem(key, "is required");
      }
      return defaultValue;
    }
    Optional<Duration> parsed = Durations.parse(value.asText());
    if (parsed.isEmpty()) {
      problem(
          key,
          "'"
              + value.asText()
              + "' is not a duration (use 30s, 10m, 1h, 7d or ISO-8601 like PT10M)");
      return null;
    }
    if (parsed.get().isNegative() || (parsed.get().isZero() && !zeroAllowed)) {
      problem(key, "must be positive, got " + value.asText());
      return null;
    }
    return parsed.get();
  }

  private Severity severity(String key, boolean required) {
    String value = text(node, key, key, required);
    if (value == null) {
      return required ? Severity.UNKNOWN : null;
    }
    try {
      return Severity.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      problem(
          key, "'" + value + "' is not a severity (informational, low, medium, high, critical)");
      return Severity.UNKNOWN;
    }
  }

  private List<String> stringList(JsonNode map, String field, String key) {
    JsonNode value = map.get(field);
    List<String> out = new ArrayList<>();
    if (value == null || value.isNull()) {
      return out;
    }
    if (value.isTextual()) {
      out.add(value.textValue());
      return out;
    }
    if (!value.isArray()) {
      problem(key, "must be a list of strings");
      return out;
    }
    for (JsonNode item : value) {
      if (!item.isTextual()) {
        problem(key, "must be a list of strings");
        return List.of();
      }
      out.add(item.textValue());
    }
    return out;
  }

  private void problem(String key, String message) {
    problems.add(origin + ": rule '" + id + "': key '" + key + "': " + message);
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new LinkedHashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }

  private static String classNames() {
    return String.join(
        ", ", Stream.of(CanonicalClass.values()).map(CanonicalClass::ruleName).toList());
  }

  private static String areaNames() {
    return String.join(", ", Stream.of(Rule.Area.values()).map(Rule.Area::areaName).toList());
  }
}
