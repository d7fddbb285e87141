package io.sluice.streams.replay;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sluice.streams.detect.RuleValidationException;
import io.sluice.streams.sigma.SigmaLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a rule author expects a backtest to fire ({@code ./sluice rules test}): an {@code expect}
 * list in the rule itself (a key of a Sluice rule, a top-level custom attribute of a Sigma rule),
 * or a sidecar {@code <file>.expect.yml} mapping rule ids to such lists. Format: docs/rules.md,
 * "Testing a rule".
 */
public final class Expectations {
  private static final Set<String> KEYS = Set.of("entity", "alerts", "min_alerts", "max_alerts");

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /**
   * One expectation: between {@code min} and {@code max} alerts (inclusive) of a rule, for one
   * entity value or, when {@code entity} is empty, in all.
   */
  public record Expectation(
      String ruleId, Optional<String> entity, long min, long max, String where) {
    public boolean holds(long fired) {
      return fired >= min && fired <= max;
    }

    /** {@code at least 1 alert for 'ann@corp.example'} and the like. */
    public String describe() {
      String range =
          min == max
              ? min + (min == 1 ? " alert" : " alerts")
              : max == Long.MAX_VALUE
                  ? "at least " + min + (min == 1 ? " alert" : " alerts")
                  : min + " to " + max + " alerts";
      return range + entity.map(e -> " for '" + e + "'").orElse(" in all");
    }
  }

  private Expectations() {}

  /**
   * The expectations written in rule files (origin → text, as the loader read them) and in the
   * sidecars next to them. Every problem of every file is reported at once, naming the file, the
   * rule and the key, as for rule files.
   */
  public static List<Expectation> read(Map<String, String> ruleFiles, List<Path> sidecars) {
    List<String> problems = new ArrayList<>();
    List<Expectation> expectations = new ArrayList<>();
    ruleFiles.forEach((origin, text) -> fromRuleFile(origin, text, expectations, problems));
    for (Path sidecar : sidecars) {
      fromSidecar(sidecar, expectations, problems);
    }
    if (!problems.isEmpty()) {
      throw new RuleValidationException(problems);
    }
    return List.copyOf(expectations);
  }

  /** The sidecar files of a directory, in name order. */
  public static List<Path> sidecars(Path directory) {
    try (var files = Files.list(directory)) {
      return files
          .filter(Files::isRegularFile)
          .filter(io.sluice.streams.detect.RuleLoader::isExpectationFile)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new RuleValidationException(List.of(directory + ": cannot list: " + e.getMessage()));
    }
  }

  private static void fromRuleFile(
      String origin, String text, List<Expectation> out, List<String> problems) {
    // the rule loader has parsed these files already, so they are valid YAML here
    try {
      if (SigmaLoader.isSigma(text)) {
        try (MappingIterator<JsonNode> documents =
            YAML.readerFor(JsonNode.class).readValues(text)) {
          while (documents.hasNext()) {
            JsonNode document = documents.next();
            if (document != null && document.has("expect")) {
              String id = document.path("id").asText(document.path("name").asText("?"));
              list(origin, id, "expect", document.get("expect"), out, problems);
            }
          }
        }
        return;
      }
      JsonNode root = YAML.readTree(text);
      if (root == null) {
        return;
      }
      for (JsonNode rule : root.path("rules")) {
        if (rule.has("expect")) {
          list(origin, rule.path("id").asText("?"), "expect", rule.get("expect"), out, problems);
        }
      }
    } catch (IOException e) {
      problems.add(origin + ": not valid YAML: " + e.getMessage());
    }
  }

  private static void fromSidecar(Path sidecar, List<Expectation> out, List<String> problems) {
    JsonNode root;
    try {
      root = YAML.readTree(Files.readString(sidecar, StandardCharsets.UTF_8));
    } catch (IOException e) {
      problems.add(sidecar + ": not valid YAML: " + e.getMessage());
      return;
    }
    if (root == null || !root.isObject()) {
      problems.add(sidecar + ": expected a mapping of rule id to a list of expectations");
      return;
    }
    for (Map.Entry<String, JsonNode> rule : root.properties()) {
      list(sidecar.toString(), rule.getKey(), rule.getKey(), rule.getValue(), out, problems);
    }
  }

  /** An expectation list; a single mapping is read as a list of one. */
  private static void list(
      String origin,
      String ruleId,
      String key,
      JsonNode node,
      List<Expectation> out,
      List<String> problems) {
    String rule = origin + ": rule '" + ruleId + "': key '";
    if (node.isObject()) {
      one(rule, key, ruleId, node, out, problems);
      return;
    }
    if (!node.isArray() || node.isEmpty()) {
      problems.add(rule + key + "': must be a list of expectations, e.g. [{alerts: 1}]");
      return;
    }
    for (int i = 0; i < node.size(); i++) {
      one(rule, key + "[" + (i + 1) + "]", ruleId, node.get(i), out, problems);
    }
  }

  private static void one(
      String rule,
      String key,
      String ruleId,
      JsonNode node,
      List<Expectation> out,
      List<String> problems) {
    if (!node.isObject()) {
      problems.add(rule + key + "': must be a mapping, e.g. {entity: ann@corp.example, alerts: 1}");
      return;
    }
    int before = problems.size();
    node.fieldNames()
        .forEachRemaining(
            name -> {
              if (!KEYS.contains(name)) {
                problems.add(
                    rule
                        + key
                        + "."
                        + name
                        + "': unknown key (allowed: alerts, entity, max_alerts, min_alerts)");
              }
            });
    Optional<String> entity = Optional.empty();
    if (node.has("entity")) {
      if (!node.get("entity").isValueNode() || node.get("entity").isNull()) {
        problems.add(rule + key + ".entity': must be the alert's entity value, as text");
      } else {
        entity = Optional.of(node.get("entity").asText());
      }
    }
    Long exactly = count(rule, key, "alerts", node, problems);
    Long min = count(rule, key, "min_alerts", node, problems);
    Long max = count(rule, key, "max_alerts", node, problems);
    if (exactly != null && (min != null || max != null)) {
      problems.add(rule + key + "': give either alerts or min_alerts/max_alerts, not both");
    } else if (exactly == null && min == null && max == null) {
      problems.add(rule + key + "': needs alerts, min_alerts or max_alerts");
    } else if (min != null && max != null && min > max) {
      problems.add(rule + key + "': min_alerts is above max_alerts");
    }
    if (problems.size() > before) {
      return;
    }
    String where = rule.substring(0, rule.length() - "key '".length()) + key;
    out.add(
        exactly != null
            ? new Expectation(ruleId, entity, exactly, exactly, where)
            : new Expectation(
                ruleId, entity, min == null ? 0 : min, max == null ? Long.MAX_VALUE : max, where));
  }

  private static Long count(
      String rule, String key, String name, JsonNode node, List<String> problems) {
    JsonNode value = node.get(name);
    if (value == null) {
      return null;
    }
    if (!value.canConvertToLong() || !value.isIntegralNumber() || value.longValue() < 0) {
      problems.add(rule + key + "." + name + "': must be a whole number ≥ 0, not '" + value + "'");
      return null;
    }
    return value.longValue();
  }
}
