package io.sluice.streams.detect;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sluice.streams.sigma.SigmaLoader;
import io.sluice.streams.sigma.SigmaValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Loads and validates rule files: the built-in pack from the classpath, then the operator's
 * directory (Sluice's YAML and Sigma rule files side by side, told apart by {@link
 * SigmaLoader#isSigma}), then the operator's {@code overrides} (disable a rule or change its
 * numbers by id without copying it). Every problem in every file is collected and reported at once,
 * naming file, rule id and key, so an operator fixes a broken rule set in one pass. Format:
 * docs/rules.md.
 */
public final class RuleLoader {
  /** Classpath folder of the built-in pack, and the index listing its files (jars can't list). */
  public static final String BUILTIN_INDEX = "rules/builtin/index.txt";

  private static final Set<String> FILE_KEYS = Set.of("rules", "overrides");

  /** What an override may change: switches and numbers, never what a rule matches or counts. */
  static final Set<String> OVERRIDE_KEYS =
      Set.of(
          "id",
          "enabled",
          "severity",
          "severity_vip",
          "threshold",
          "window",
          "within",
          "suppress",
          "grace",
          "max_alerts_per_hour");

  private final ObjectMapper yaml =
      new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /** A rule as written, before validation, with where it came from. */
  private record Source(String origin, int index, ObjectNode node) {}

  /** The built-in pack plus every {@code *.yaml}/{@code *.yml} in the operator's directory. */
  public List<Rule> load(Optional<Path> operatorDirectory) {
    return validate(files(operatorDirectory), new ArrayList<>());
  }

  /**
   * The texts of the built-in pack and of the operator's directory (origin → text, in load order);
   * a directory that does not exist stops start-up naming it.
   */
  public Map<String, String> files(Optional<Path> operatorDirectory) {
    Map<String, String> files = new LinkedHashMap<>(builtins());
    operatorDirectory.ifPresent(directory -> files.putAll(directory(directory)));
    return files;
  }

  /** The texts of the built-in pack (origin → text, in load order). */
  public Map<String, String> builtins() {
    Map<String, String> files = new LinkedHashMap<>();
    for (String resource : builtinFiles()) {
      files.put(resource, readResource(resource));
    }
    return files;
  }

  /**
   * The rule files of a directory (path → text, in name order): every {@code *.yaml}/{@code *.yml}
   * except the backtest's expectation sidecars ({@code *.expect.yml}, docs/rules.md, "Testing a
   * rule"); a directory that does not exist is an error naming it.
   */
  public Map<String, String> directory(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new RuleValidationException(
          List.of(directory + ": rules directory does not exist or is not a directory"));
    }
    Map<String, String> files = new LinkedHashMap<>();
    for (Path file : yamlFiles(directory)) {
      files.put(file.toString(), readFile(file));
    }
    return files;
  }

  /** Whether a file is an expectation sidecar of the backtest rather than a rule file. */
  public static boolean isExpectationFile(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".expect.yml") || name.endsWith(".expect.yaml");
  }

  /** Validates rule files given as text (origin → text) together, as one rule set. */
  public List<Rule> validate(Map<String, String> files) {
    return validate(files, new ArrayList<>());
  }

  /** Parses one file's text; used by tests to validate a file in isolation. */
  public List<Rule> parse(String origin, String text) {
    return validate(Map.of(origin, text), new ArrayList<>());
  }

  /** Parses the built-in pack plus extra files given as text (origin → text), in that order. */
  public List<Rule> parseWithBuiltins(Map<String, String> extra) {
    Map<String, String> files = new LinkedHashMap<>(builtins());
    files.putAll(extra);
    return validate(files, new ArrayList<>());
  }

  private List<Rule> validate(Map<String, String> files, List<String> problems) {
    Map<String, Source> sources = new LinkedHashMap<>();
    List<Source> overrides = new ArrayList<>();
    Map<String, String> sigmaFiles = new LinkedHashMap<>();
    files.forEach(
        (origin, text) -> {
          if (SigmaLoader.isSigma(text)) {
            sigmaFiles.put(origin, text);
          } else {
            read(origin, text, sources, overrides, problems);
          }
        });
    List<SigmaOverrides.Override> sigmaOverrides = new ArrayList<>();
    Set<String> disabled = applyOverrides(sources, overrides, sigmaOverrides, problems);
    List<Rule> rules = new ArrayList<>();
    for (Source source : sources.values()) {
      if (disabled.contains(source.node().path("id").asText())) {
        continue;
      }
      new RuleParser(source.origin(), source.index(), source.node(), problems)
          .parse()
          .ifPresent(rules::add);
    }
    rules.addAll(
        SigmaOverrides.apply(sigma(sigmaFiles, sources, problems), sigmaOverrides, problems));
    if (!problems.isEmpty()) {
      throw new RuleValidationException(problems);
    }
    return List.copyOf(rules);
  }

  /** The Sigma files' rules as engine rules; their ids must not be those of Sluice rules. */
  private static List<Rule> sigma(
      Map<String, String> sigmaFiles, Map<String, Source> sluiceRules, List<String> problems) {
    if (sigmaFiles.isEmpty()) {
      return List.of();
    }
    List<Rule> rules;
    try {
      rules = SigmaRules.of(new SigmaLoader().parse(sigmaFiles), problems);
    } catch (SigmaValidationException e) {
      problems.addAll(e.problems());
      return List.of();
    }
    for (Rule rule : rules) {
      Source same = sluiceRules.get(rule.id());
      if (same != null) {
        problems.add(
            rule.origin()
                + ": rule '"
                + rule.id()
                + "': key 'id': duplicate id, already defined in "
                + same.origin());
      }
    }
    return rules;
  }

  private void read(
      String origin,
      String text,
      Map<String, Source> sources,
      List<Source> overrides,
      List<String> problems) {
    JsonNode root;
    try {
      root = yaml.readTree(text);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
      problems.add(origin + ": not valid YAML" + where + ": " + e.getOriginalMessage());
      return;
    }
    if (root == null || !root.isObject()) {
      problems.add(origin + ": expected a mapping with a 'rules' and/or 'overrides' list");
      return;
    }
    for (String key : fieldNames(root)) {
      if (!FILE_KEYS.contains(key)) {
        problems.add(
            origin + ": key '" + key + "': unknown top-level key (expected: rules, overrides)");
      }
    }
    if (!root.has("rules") && !root.has("overrides")) {
      problems.add(origin + ": key 'rules': a rule file needs a 'rules' or 'overrides' list");
    }
    collect(origin, root, "rules", problems)
        .forEach(
            source -> {
              String id = source.node().path("id").asText("#" + source.index());
              Source existing = sources.putIfAbsent(id, source);
              if (existing != null) {
                problems.add(
                    origin
                        + ": rule '"
                        + id
                        + "': key 'id': duplicate id, already defined in "
                        + existing.origin());
              }
            });
    overrides.addAll(collect(origin, root, "overrides", problems));
  }

  private static List<Source> collect(
      String origin, JsonNode root, String key, List<String> problems) {
    List<Source> out = new ArrayList<>();
    JsonNode list = root.get(key);
    if (list == null) {
      return out;
    }
    if (!list.isArray()) {
      problems.add(origin + ": key '" + key + "': must be a list");
      return out;
    }
    int index = 0;
    for (JsonNode node : list) {
      index++;
      if (!node.isObject()) {
        problems.add(origin + ": " + key + " #" + index + ": must be a mapping");
        continue;
      }
      out.add(new Source(origin, index, (ObjectNode) node));
    }
    return out;
  }

  /**
   * Merges each override into the rule it names, before validation, so overridden numbers are
   * checked exactly like written ones. Returns the ids of disabled rules.
   */
  /** Applies overrides of Sluice rules; those naming another id are left for the Sigma rules. */
  private static Set<String> applyOverrides(
      Map<String, Source> sources,
      List<Source> overrides,
      List<SigmaOverrides.Override> sigmaOverrides,
      List<String> problems) {
    Set<String> disabled = new java.util.HashSet<>();
    for (Source override : overrides) {
      ObjectNode node = override.node();
      String id = node.path("id").asText(null);
      String where =
          override.origin() + ": override '" + (id == null ? "#" + override.index() : id) + "'";
      if (id == null) {
        problems.add(where + ": key 'id': is required");
        continue;
      }
      Source target = sources.get(id);
      if (target == null) {
        sigmaOverrides.add(new SigmaOverrides.Override(override.origin(), node));
        continue;
      }
      boolean ok = true;
      for (String key : fieldNames(node)) {
        if (!OVERRIDE_KEYS.contains(key)) {
          problems.add(
              where
                  + ": key '"
                  + key
                  + "': cannot be overridden (allowed: "
                  + String.join(", ", OVERRIDE_KEYS.stream().sorted().toList())
                  + ")");
          ok = false;
        }
      }
      JsonNode enabled = node.get("enabled");
      if (enabled != null && !enabled.isBoolean()) {
        problems.add(where + ": key 'enabled': must be true or false");
        ok = false;
      }
      if (!ok) {
        continue;
      }
      if (enabled != null && !enabled.booleanValue()) {
        disabled.add(id);
        continue;
      }
      ObjectNode merged = target.node().deepCopy();
      for (String key : fieldNames(node)) {
        if (key.equals("id") || key.equals("enabled")) {
          continue;
        }
        if ((key.equals("threshold") || key.equals("window")) && merged.path("steps").isArray()) {
          // a sequence rule's numbers live in its first step
          ((ObjectNode) merged.get("steps").get(0)).set(key, node.get(key));
        } else {
          merged.set(key, node.get(key));
        }
      }
      sources.put(
          id,
          new Source(
              target.origin() + " (overridden by " + override.origin() + ")",
              target.index(),
              merged));
    }
    return disabled;
  }

  static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    Iterator<String> it = node.fieldNames();
    it.forEachRemaining(names::add);
    return names;
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
          .filter(p -> !isExpectationFile(p))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list rules directory " + directory, e);
    }
  }
}
