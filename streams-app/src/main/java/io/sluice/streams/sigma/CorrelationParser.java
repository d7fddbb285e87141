package io.sluice.streams.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.streams.sigma.SigmaCorrelationRule.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a correlation document's {@code correlation} section into a {@link Draft}: everything but
 * the references, which {@link SigmaLoader} resolves once every document of every file is read.
 */
final class CorrelationParser {
  private static final Set<String> KEYS =
      Set.of("type", "rules", "aliases", "group-by", "timespan", "condition", "generate");
  private static final Set<String> OPERATORS = Set.of("gt", "gte", "lt", "lte", "eq");

  /**
   * Sigma's {@code timespan}: a number and a lower-case unit, s, m, h or d; w (7 days) is accepted
   * too. Months and years are refused: they are not fixed durations.
   */
  private static final Pattern TIMESPAN = Pattern.compile("([1-9][0-9]{0,8})([smhdw])");

  /** A correlation as written, references still names. */
  record Draft(
      SigmaMetadata metadata,
      Type type,
      List<String> references,
      List<String> groupBy,
      Map<String, Map<String, String>> aliases,
      Duration timespan,
      CorrelationCondition condition,
      Optional<String> valueField,
      boolean generate,
      Problems problems) {}

  private CorrelationParser() {}

  /** The draft, or null when the section has problems (all reported). */
  static Draft parse(JsonNode doc, SigmaMetadata metadata, Problems problems) {
    int before = problems.count();
    JsonNode section = doc.get("correlation");
    if (!section.isObject()) {
      problems.add("correlation", "must be a mapping (type, rules, group-by, timespan, condition)");
      return null;
    }
    for (String key : YamlValues.keys(section)) {
      if (!KEYS.contains(key)) {
        problems.add(
            "correlation." + key,
            "unknown key (expected: type, rules, aliases, group-by, timespan, condition, generate)"
                + (key.equals("group_by") || key.equals("groupby")
                    ? "; did you mean 'group-by'?"
                    : ""));
      }
    }
    Type type = type(section, problems);
    List<String> references = references(section, problems);
    List<String> groupBy = groupBy(section, problems);
    Map<String, Map<String, String>> aliases = aliases(section, problems);
    Duration timespan = timespan(section, problems);
    boolean generate = generate(doc, section, problems);
    Optional<String> field = Optional.empty();
    CorrelationCondition condition = null;
    if (type != null) {
      field = field(section, type, problems);
      condition = condition(section.get("condition"), type, references.size(), problems);
    }
    if (problems.count() > before || type == null) {
      return null;
    }
    return new Draft(
        metadata,
        type,
        references,
        groupBy,
        aliases,
        timespan,
        condition,
        field,
        generate,
        problems);
  }

  private static Type type(JsonNode section, Problems problems) {
    JsonNode node = section.get("type");
    if (node == null || node.isNull()) {
      problems.add("correlation.type", "is required (event_count, value_count, temporal, …)");
      return null;
    }
    Optional<Type> type = node.isTextual() ? Type.bySigmaName(node.textValue()) : Optional.empty();
    if (type.isEmpty()) {
      problems.add(
          "correlation.type",
          "unknown correlation type "
              + YamlValues.show(node)
              + " (event_count, value_count, temporal, temporal_ordered, value_sum, value_avg,"
              + " value_percentile, value_min, value_max)");
      return null;
    }
    return type.get();
  }

  private static List<String> references(JsonNode section, Problems problems) {
    JsonNode node = section.get("rules");
    if (node == null || node.isNull()) {
      problems.add("correlation.rules", "is required (the ids or names of the rules correlated)");
      return List.of();
    }
    if (node.isTextual()) {
      return List.of(node.textValue().strip());
    }
    if (!node.isArray() || node.isEmpty()) {
      problems.add("correlation.rules", "must be a list of rule ids or names");
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      String path = "correlation.rules[" + i + "]";
      if (!item.isTextual() || item.textValue().isBlank()) {
        problems.add(path, "must be a rule id or name");
      } else if (out.contains(item.textValue().strip())) {
        problems.add(path, "'" + item.textValue() + "' is listed twice");
      } else {
        out.add(item.textValue().strip());
      }
    }
    return List.copyOf(out);
  }

  private static List<String> groupBy(JsonNode section, Problems problems) {
    JsonNode node = section.get("group-by");
    if (node == null || node.isNull()) {
      problems.add("correlation.group-by", "is required (the fields that scope a count)");
      return List.of();
    }
    List<String> out = new ArrayList<>();
    if (node.isTextual()) {
      out.add(node.textValue().strip());
    } else if (node.isArray() && !node.isEmpty()) {
      for (int i = 0; i < node.size(); i++) {
        JsonNode item = node.get(i);
        if (!item.isTextual() || item.textValue().isBlank()) {
          problems.add("correlation.group-by[" + i + "]", "must be a field name");
        } else if (out.contains(item.textValue().strip())) {
          problems.add("correlation.group-by[" + i + "]", "is listed twice");
        } else {
          out.add(item.textValue().strip());
        }
      }
    } else {
      problems.add("correlation.group-by", "must be a list of field names");
    }
    return List.copyOf(out);
  }

  private static Map<String, Map<String, String>> aliases(JsonNode section, Problems problems) {
    JsonNode node = section.get("aliases");
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      problems.add("correlation.aliases", "must map an alias to (rule name → field)");
      return Map.of();
    }
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> alias : node.properties()) {
      String path = "correlation.aliases." + alias.getKey();
      if (!alias.getValue().isObject() || alias.getValue().isEmpty()) {
        problems.add(path, "must map rule names to the field each rule's events hold");
        continue;
      }
      Map<String, String> fields = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> entry : alias.getValue().properties()) {
        JsonNode field = entry.getValue();
        if (!field.isTextual() || field.textValue().isBlank()) {
          problems.add(path + "." + entry.getKey(), "must be a field name");
        } else {
          fields.put(entry.getKey(), field.textValue().strip());
        }
      }
      out.put(alias.getKey(), Map.copyOf(fields));
    }
    return out;
  }

  static Duration timespan(JsonNode section, Problems problems) {
    JsonNode node = section.get("timespan");
    if (node == null || node.isNull()) {
      problems.add("correlation.timespan", "is required (a number and s, m, h, d or w, e.g. 10m)");
      return null;
    }
    Matcher m = node.isTextual() ? TIMESPAN.matcher(node.textValue().strip()) : null;
    if (m == null || !m.matches()) {
      problems.add(
          "correlation.timespan",
          "bad timespan "
              + YamlValues.show(node)
              + " (a number and a lower-case unit s, m, h, d or w, e.g. 90m)");
      return null;
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofDays(7 * n);
    };
  }

  /** {@code generate} is a top-level attribute in the specification; pySigma reads it inside. */
  private static boolean generate(JsonNode doc, JsonNode section, Problems problems) {
    JsonNode outer = doc.get("generate");
    JsonNode inner = section.get("generate");
    for (JsonNode node : new JsonNode[] {outer, inner}) {
      if (node != null && !node.isNull() && !node.isBoolean()) {
        problems.add(node == outer ? "generate" : "correlation.generate", "must be true or false");
        return false;
      }
    }
    boolean o = outer != null && outer.booleanValue();
    boolean i = inner != null && inner.booleanValue();
    if (outer != null && inner != null && !outer.isNull() && !inner.isNull() && o != i) {
      problems.add("generate", "says " + o + " but correlation.generate says " + i);
    }
    return o || i;
  }

  private static Optional<String> field(JsonNode section, Type type, Problems problems) {
    JsonNode condition = section.get("condition");
    JsonNode field = condition != null && condition.isObject() ? condition.get("field") : null;
    if (!type.needsField()) {
      if (field != null) {
        problems.add(
            "correlation.condition.field", "only value_count and the value metrics count a field");
      }
      return Optional.empty();
    }
    if (field == null || field.isNull()) {
      problems.add(
          "correlation.condition.field",
          "is required for " + type.sigmaName() + " (the field whose values are counted)");
      return Optional.empty();
    }
    if (!field.isTextual() || field.textValue().isBlank()) {
      problems.add("correlation.condition.field", "must be one field name");
      return Optional.empty();
    }
    return Optional.of(field.textValue().strip());
  }

  static CorrelationCondition condition(
      JsonNode node, Type type, int references, Problems problems) {
    String path = "correlation.condition";
    if (node == null || node.isNull()) {
      if (type.isTemporal()) {
        // Every referenced rule must be seen within the timespan.
        return new CorrelationCondition(
            Map.of("gte", (long) references), references, OptionalLong.empty());
      }
      problems.add(path, "is required (e.g. gte: 10)");
      return null;
    }
    if (!node.isObject()) {
      problems.add(
          path,
          type.isTemporal()
              ? "must be a count of the rules seen (e.g. gte: 2); boolean expressions over rule"
                  + " names are not supported"
              : "must be a mapping of gt, gte, lt, lte or eq to a number");
      return null;
    }
    Map<String, Long> operators = new LinkedHashMap<>();
    int before = problems.count();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String op = entry.getKey();
      JsonNode value = entry.getValue();
      if (op.equals("field")) {
        continue;
      }
      if (!OPERATORS.contains(op)) {
        problems.add(path + "." + op, "unknown operator (gt, gte, lt, lte, eq)");
      } else if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
        problems.add(
            path + "." + op,
            "must be a whole number of zero or more, got " + YamlValues.show(value));
      } else {
        operators.put(op, value.longValue());
      }
    }
    if (problems.count() > before) {
      return null;
    }
    if (operators.isEmpty()) {
      problems.add(path, "needs one of gt, gte, lt, lte, eq");
      return null;
    }
    // A count is only seen at an event, so it is at least 1; a measured value can be 0.
    boolean counts = type.isTemporal() || type == Type.EVENT_COUNT || type == Type.VALUE_COUNT;
    long lower = counts ? 1 : 0;
    long upper = Long.MAX_VALUE;
    for (Map.Entry<String, Long> op : operators.entrySet()) {
      long v = op.getValue();
      switch (op.getKey()) {
        case "gt" -> lower = Math.max(lower, v + 1);
        case "gte" -> lower = Math.max(lower, v);
        case "lt" -> upper = Math.min(upper, v - 1);
        case "lte" -> upper = Math.min(upper, v);
        default -> {
          lower = Math.max(lower, v);
          upper = Math.min(upper, v);
        }
      }
    }
    if (upper < lower && counts) {
      problems.add(path, "no count satisfies " + operators + " (counts start at 1)");
      return null;
    }
    // No more distinct rules can be seen than a temporal correlation lists: an upper bound at or
    // above that number (eq: 3 of three rules, lte: 3) bounds nothing.
    boolean bounds = upper != Long.MAX_VALUE && !(type.isTemporal() && upper >= references);
    OptionalLong upperBound = bounds ? OptionalLong.of(upper) : OptionalLong.empty();
    if (type.isTemporal() && lower > references) {
      problems.add(
          path, "asks for " + lower + " rules but the correlation lists only " + references);
      return null;
    }
    if (type == Type.TEMPORAL_ORDERED && (lower != references || upperBound.isPresent())) {
      problems.add(
          path,
          "temporal_ordered needs all "
              + references
              + " rules in order; a condition asking for another count is not supported");
      return null;
    }
    return new CorrelationCondition(operators, lower, upperBound);
  }
}
