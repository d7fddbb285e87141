package io.sluice.streams.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles a rule's {@code detection}: each named selection (a mapping is an AND of its fields; a
 * list of mappings an OR of them; a list of values, or one value, a keyword search) and the {@code
 * condition} over them, into one {@link RecordTest}.
 */
final class DetectionCompiler {
  private final Problems problems;
  private final ValueCompiler values;

  DetectionCompiler(FieldMapping mapping, Problems problems) {
    this.problems = problems;
    this.values = new ValueCompiler(mapping, problems);
  }

  /** The detection's test, or null when it has problems (all reported). */
  RecordTest compile(JsonNode detection) {
    if (detection == null || detection.isNull()) {
      problems.add("detection", "is required");
      return null;
    }
    if (!detection.isObject()) {
      problems.add("detection", "must be a mapping of selections and a condition");
      return null;
    }
    int before = problems.count();
    Map<String, RecordTest> selections = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : detection.properties()) {
      String name = entry.getKey();
      if (name.equals("condition") || name.equals("timeframe")) {
        continue;
      }
      RecordTest selection = selection("detection." + name, entry.getValue());
      if (selection != null) {
        selections.put(name, selection);
      }
    }
    JsonNode condition = detection.get("condition");
    if (condition == null || condition.isNull()) {
      problems.add("detection.condition", "is required");
      return null;
    }
    if (problems.count() > before) {
      return null;
    }
    List<String> conditions = new ArrayList<>();
    if (condition.isTextual()) {
      conditions.add(condition.textValue());
    } else if (condition.isArray() && !condition.isEmpty()) {
      for (JsonNode c : condition) {
        if (!c.isTextual()) {
          problems.add("detection.condition", "a list of conditions holds text only");
          return null;
        }
        conditions.add(c.textValue());
      }
    } else {
      problems.add("detection.condition", "must be text (or a list of texts, OR-ed)");
      return null;
    }
    List<RecordTest> parsed = new ArrayList<>();
    for (String c : conditions) {
      RecordTest test = ConditionParser.parse(c, selections, "detection.condition", problems);
      if (test == null) {
        return null;
      }
      parsed.add(test);
    }
    return RecordTest.or(parsed);
  }

  private RecordTest selection(String path, JsonNode node) {
    if (node.isObject()) {
      return fields(path, node);
    }
    if (node.isArray()) {
      if (node.isEmpty()) {
        problems.add(path, "an empty selection matches nothing");
        return null;
      }
      boolean maps = node.get(0).isObject();
      List<RecordTest> any = new ArrayList<>();
      for (int i = 0; i < node.size(); i++) {
        JsonNode item = node.get(i);
        if (item.isObject() != maps || item.isArray()) {
          problems.add(path, "a selection list holds either mappings or values, not both");
          return null;
        }
        RecordTest test =
            maps ? fields(path + "[" + i + "]", item) : values.compile(path, "", item);
        if (test == null) {
          return null;
        }
        any.add(test);
      }
      return RecordTest.or(any);
    }
    if (node.isTextual() || node.isNumber()) {
      return values.compile(path, "", node);
    }
    problems.add(path, "a selection is a mapping of fields, a list, or a keyword");
    return null;
  }

  private RecordTest fields(String path, JsonNode map) {
    if (map.isEmpty()) {
      problems.add(path, "an empty selection matches nothing");
      return null;
    }
    List<RecordTest> all = new ArrayList<>();
    boolean ok = true;
    for (Map.Entry<String, JsonNode> entry : map.properties()) {
      RecordTest test =
          values.compile(path + "." + entry.getKey(), entry.getKey(), entry.getValue());
      if (test == null) {
        ok = false;
      } else {
        all.add(test);
      }
    }
    return ok ? RecordTest.and(all) : null;
  }
}
