package io.sluice.streams.detect;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sluice.schemas.Severity;
import io.sluice.streams.canonical.CanonicalClass;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;

/**
 * Loads and validates rule files: the built-in pack from the classpath, then the operator's
 * directory. Every problem in every file is collected and reported at once, naming file, rule id
 * and key, so an operator fixes a broken rule set in one pass. Format: docs/rules.md.
 */
public final class RuleLoader {
  /** Classpath folder of the built-in pack, and the index listing its files (jars can't list). */
  public static final String BUILTIN_INDEX = "rules/builtin/index.txt";

  static final Duration DEFAULT_GRACE = Duration.ofHours(1);

  private static final Pattern ID = Pattern.compile("[a-z0-9]+(?:[.-][a-z0-9]+)*");
  private static final Set<String> FILE_KEYS = Set.of("rules");
  private static final Set<String> THRESHOLD_KEYS =
      Set.of(
          "id",
          "name",
          "version",
          "description",
          "type",
          "input",
          "area",
          "severity",
          "severity_vip",
          "attack",
          "where",
          "group_by",
          "count",
          "threshold",
          "window",
          "suppress",
          "grace",
          "max_alerts_per_hour",
          "why",
          "references");

  private final ObjectMapper yaml =
      new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /** The built-in pack plus every {@code *.yaml}/{@code *.yml} in the operator's directory. */
  public List<Rule> load(Optional<Path> operatorDirectory) {
    List<String> problems = new ArrayList<>();
    Map<String, Rule> rules = new LinkedHashMap<>();
    for (String resource : builtinFiles()) {
      parseInto(resource, readResource(resource), rules, problems);
    }
    if (operatorDirectory.isPresent()) {
      Path directory = operatorDirectory.get();
      if (!Files.isDirectory(directory)) {
        problems.add(directory + ": rules directory does not exist or is not a directory");
      } else {
        for (Path file : yamlFiles(directory)) {
          parseInto(file.toString(), readFile(file), rules, problems);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new RuleValidationException(problems);
    }
    return List.copyOf(rules.values());
  }

  /** Parses one file's text; used by tests to validate a file in isolation. */
  public List<Rule> parse(String origin, String text) {
    List<String> problems = new ArrayList<>();
    Map<String, Rule> rules = new LinkedHashMap<>();
    parseInto(origin, text, rules, problems);
    if (!problems.isEmpty()) {
      throw new RuleValidationException(problems);
    }
    return List.copyOf(rules.values());
  }

  private void parseInto(
      String origin, String text, Map<String, Rule> rules, List<String> problems) {
    JsonNode root;
    try {
      root = yaml.readTree(text);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
      problems.add(origin + ": not valid YAML" + where + ": " + e.getOriginalMessage());
      return;
    }
    if (root == null || !root.isObject()) {
      problems.add(origin + ": expected a mapping with a 'rules' list");
      return;
    }
    for (String key : fieldNames(root)) {
      if (!FILE_KEYS.contains(key)) {
        problems.add(origin + ": key '" + key + "': unknown top-level key (expected: rules)");
      }
    }
    JsonNode list = root.get("rules");
    if (list == null || !list.isArray()) {
      problems.add(origin + ": key 'rules': must be a list of rules");
      return;
    }
    int index = 0;
    for (JsonNode node : list) {
      index++;
      new RuleParser(origin, index, node, problems)
          .parse()
          .ifPresent(rule -> add(rule, rules, problems));
    }
  }

  private static void add(Rule rule, Map<String, Rule> rules, List<String> problems) {
    Rule existing = rules.putIfAbsent(rule.id(), rule);
    if (existing != null) {
      problems.add(
          rule.origin()
              + ": rule '"
              + rule.id()
              + "': key 'id': duplicate id, already defined in "
              + existing.origin());
    }
  }

  /** Validates one rule node; reports each problem and returns a rule only when there are none. */
  private static final class RuleParser {
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
      if (!node.isObject()) {
        problem("(rule)", "must be a mapping");
        return Optional.empty();
      }
      String rawId = text("id", true);
      if (rawId != null) {
        id = rawId;
        if (!ID.matcher(rawId).matches()) {
          problem("id", "must be lower-case words separated by '.' or '-', e.g. auth.my-rule");
        }
      }
      String type = text("type", true);
      if (type != null && !"threshold".equals(type)) {
        problem("type", "unknown rule type '" + type + "' (supported: threshold)");
        return Optional.empty();
      }
      for (String key : fieldNames(node)) {
        if (!THRESHOLD_KEYS.contains(key)) {
          problem(key, "unknown key (allowed: " + String.join(", ", sorted(THRESHOLD_KEYS)) + ")");
        }
      }
      String name = text("name", true);
      int version = integer("version", 1, 1);
      String description = text("description", false);
      CanonicalClass input = null;
      String inputName = text("input", true);
      if (inputName != null) {
        input = CanonicalClass.byRuleName(inputName).orElse(null);
        if (input == null) {
          problem(
              "input", "unknown canonical class '" + inputName + "' (known: " + classNames() + ")");
        }
      }
      Rule.Area area = null;
      String areaName = text("area", true);
      if (areaName != null) {
        area = Rule.Area.byName(areaName).orElse(null);
        if (area == null) {
          problem("area", "unknown area '" + areaName + "' (known: " + areaNames() + ")");
        }
      }
      Severity severity = severity("severity", true);
      Optional<Severity> severityVip = Optional.ofNullable(severity("severity_vip", false));
      List<String> attack = stringList("attack");
      int threshold = integer("threshold", null, 1);
      Duration window = duration("window", null);
      Duration suppress = duration("suppress", window);
      Duration grace = duration("grace", DEFAULT_GRACE);
      Optional<Integer> cap =
          node.has("max_alerts_per_hour")
              ? Optional.of(integer("max_alerts_per_hour", null, 1))
              : Optional.empty();
      if (input == null) {
        return Optional.empty();
      }
      Schema schema = input.schema();
      List<Condition> where = where(schema);
      List<FieldPath> groupBy = groupBy(schema);
      Optional<FieldPath> distinct = count(schema);
      if (problems.size() > before) {
        return Optional.empty();
      }
      return Optional.of(
          new Rule(
              id,
              name,
              version,
              description,
              input,
              area,
              severity,
              severityVip,
              attack,
              where,
              groupBy,
              distinct,
              threshold,
              window,
              suppress,
              grace,
              cap,
              origin));
    }

    private List<Condition> where(Schema schema) {
      JsonNode where = node.get("where");
      List<Condition> conditions = new ArrayList<>();
      if (where == null || where.isNull()) {
        return conditions;
      }
      if (!where.isObject()) {
        problem("where", "must be a mapping of canonical field to value");
        return conditions;
      }
      for (String path : fieldNames(where)) {
        Optional<FieldPath> field = FieldPath.resolve(schema, path);
        if (field.isEmpty() || !isScalar(field.get().leafSchema())) {
          problem(
              "where." + path,
              "'" + path + "' is not a field of " + schema.getName() + " that can be compared");
          continue;
        }
        condition(field.get(), where.get(path), "where." + path).ifPresent(conditions::add);
      }
      return conditions;
    }

    private Optional<Condition> condition(FieldPath field, JsonNode spec, String key) {
      if (spec.isObject()) {
        if (spec.size() != 1) {
          problem(key, "a test must have exactly one of: not, present, in");
          return Optional.empty();
        }
        String op = spec.fieldNames().next();
        JsonNode arg = spec.get(op);
        return switch (op) {
          case "not" -> condition(field, arg, key + ".not").map(Condition.Not::new);
          case "present" -> {
            if (!arg.isBoolean()) {
              problem(key + ".present", "must be true or false");
              yield Optional.empty();
            }
            yield Optional.of(new Condition.Present(field, arg.booleanValue()));
          }
          case "in" -> condition(field, arg, key + ".in");
          default -> {
            problem(key, "unknown test '" + op + "' (known: not, present, in)");
            yield Optional.empty();
          }
        };
      }
      List<JsonNode> values = new ArrayList<>();
      if (spec.isArray()) {
        spec.forEach(values::add);
        if (values.isEmpty()) {
          problem(key, "an empty list matches nothing");
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
        problem(key, "expected a value, a list of values, or a test (not, present, in)");
        return Optional.empty();
      }
      Schema leaf = field.leafSchema();
      String text = value.asText();
      switch (leaf.getType()) {
        case ENUM -> {
          String symbol = text.toUpperCase(Locale.ROOT);
          if (!leaf.getEnumSymbols().contains(symbol)) {
            problem(
                key, "'" + text + "' is not one of " + String.join(", ", leaf.getEnumSymbols()));
            return Optional.empty();
          }
          return Optional.of(symbol);
        }
        case BOOLEAN -> {
          if (!value.isBoolean()) {
            problem(key, "'" + text + "' is not true or false");
            return Optional.empty();
          }
          return Optional.of(text);
        }
        case INT, LONG, DOUBLE, FLOAT -> {
          if (!value.isNumber()) {
            problem(key, "'" + text + "' is not a number");
            return Optional.empty();
          }
          return Optional.of(text);
        }
        default -> {
          return Optional.of(text);
        }
      }
    }

    private List<FieldPath> groupBy(Schema schema) {
      List<String> paths = stringList("group_by");
      List<FieldPath> fields = new ArrayList<>();
      if (!node.has("group_by")) {
        problem("group_by", "is required (1 to 3 canonical fields)");
        return fields;
      }
      if (paths.isEmpty() || paths.size() > 3) {
        problem("group_by", "must list 1 to 3 canonical fields, got " + paths.size());
        return fields;
      }
      for (String path : paths) {
        Optional<FieldPath> field = FieldPath.resolve(schema, path);
        if (field.isEmpty() || !isScalar(field.get().leafSchema())) {
          problem("group_by", "'" + path + "' is not a field of " + schema.getName());
        } else {
          fields.add(field.get());
        }
      }
      return fields;
    }

    private Optional<FieldPath> count(Schema schema) {
      JsonNode count = node.get("count");
      if (count == null || (count.isTextual() && "events".equals(count.textValue()))) {
        return Optional.empty();
      }
      if (count.isObject() && count.size() == 1 && count.has("distinct")) {
        String path = count.get("distinct").asText();
        Optional<FieldPath> field = FieldPath.resolve(schema, path);
        if (field.isEmpty() || !isScalar(field.get().leafSchema())) {
          problem("count.distinct", "'" + path + "' is not a field of " + schema.getName());
        }
        return field;
      }
      problem("count", "must be 'events' or {distinct: <canonical field>}");
      return Optional.empty();
    }

    private String text(String key, boolean required) {
      JsonNode value = node.get(key);
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

    private int integer(String key, Integer defaultValue, int min) {
      JsonNode value = node.get(key);
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

    private Duration duration(String key, Duration defaultValue) {
      JsonNode value = node.get(key);
      if (value == null || value.isNull()) {
        if (defaultValue == null && "window".equals(key)) {
          problem(key, "is required");
          return Duration.ofMinutes(1);
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
        return Duration.ofMinutes(1);
      }
      if (parsed.get().isNegative() || (parsed.get().isZero() && !"grace".equals(key))) {
        problem(key, "must be positive, got " + value.asText());
        return Duration.ofMinutes(1);
      }
      return parsed.get();
    }

    private Severity severity(String key, boolean required) {
      String value = text(key, required);
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

    private List<String> stringList(String key) {
      JsonNode value = node.get(key);
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
          return out;
        }
        out.add(item.textValue());
      }
      return out;
    }

    private void problem(String key, String message) {
      problems.add(origin + ": rule '" + id + "': key '" + key + "': " + message);
    }
  }

  private static boolean isScalar(Schema schema) {
    return switch (schema.getType()) {
      case STRING, ENUM, BOOLEAN, INT, LONG, FLOAT, DOUBLE -> true;
      default -> false;
    };
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    Iterator<String> it = node.fieldNames();
    it.forEachRemaining(names::add);
    return names;
  }

  private static List<String> sorted(Set<String> keys) {
    return keys.stream().sorted().toList();
  }

  private static String classNames() {
    return String.join(
        ", ", Stream.of(CanonicalClass.values()).map(CanonicalClass::ruleName).toList());
  }

  private static String areaNames() {
    return String.join(", ", Stream.of(Rule.Area.values()).map(Rule.Area::areaName).toList());
  }

  private static List<String> builtinFiles() {
    String index = readResource(BUILTIN_INDEX);
    return index
        .lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .map(l -> "rules/builtin/" + l)
        .toList();
  }

  private static String readResource(String resource) {
    try (InputStream in = RuleLoader.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("built-in rule resource missing from the jar: " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(resource, e);
    }
  }

  private static String readFile(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read rule file " + file, e);
    }
  }

  private static List<Path> yamlFiles(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list rules directory " + directory, e);
    }
  }
}
