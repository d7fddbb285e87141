package io.sluice.streams.sigma;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sluice.streams.sigma.CorrelationParser.Draft;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Loads SigmaHQ-format rule files ({@code *.yml}, several documents per file separated by {@code
 * ---}, detection and correlation rules mixed) into a {@link SigmaRuleSet}. Every problem of every
 * file is collected and thrown at once as a {@link SigmaValidationException}, each naming the file,
 * the rule and the key. Correlations may reference rules of other files loaded together: by id
 * anywhere, by name in their own file first, then anywhere the name is unique. What loads:
 * docs/sigma.md.
 */
public final class SigmaLoader {
  private static final Pattern SIGMA_KEY =
      Pattern.compile("(?m)^(detection|correlation|logsource)\\s*:");

  private final ObjectMapper yaml =
      new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /** A document as read, with where it came from. */
  private record Document(String origin, int index, JsonNode node) {}

  /** A rule document once parsed: a detection rule, or a correlation still to resolve. */
  private record Entry(SigmaMetadata metadata, SigmaDetectionRule detection, Draft draft) {
    String origin() {
      return metadata.origin();
    }
  }

  /** One file's rules. */
  public SigmaRuleSet parse(String origin, String text) {
    return parse(Map.of(origin, text));
  }

  /** Several files (origin → text, in the map's order), references resolved across them. */
  public SigmaRuleSet parse(Map<String, String> files) {
    List<String> problems = new ArrayList<>();
    List<Document> documents = new ArrayList<>();
    files.forEach((origin, text) -> documents.addAll(read(origin, text, problems)));
    List<Entry> entries = new ArrayList<>();
    Set<String> unloadable = new HashSet<>();
    for (Document d : documents) {
      Entry entry = parse(d, problems);
      if (entry != null) {
        entries.add(entry);
      } else if (d.node().isObject()) {
        for (String key : List.of("id", "name")) {
          JsonNode value = d.node().get(key);
          if (value != null && value.isValueNode() && !value.isNull()) {
            unloadable.add(value.asText().strip());
          }
        }
      }
    }
    checkUnique(entries, problems);
    List<SigmaRule> rules = new Resolver(entries, unloadable, problems).resolveAll();
    if (!problems.isEmpty()) {
      throw new SigmaValidationException(problems);
    }
    return new SigmaRuleSet(rules);
  }

  /**
   * Whether a rule file's text is Sigma rather than Sluice's own rule format: one of its documents
   * has {@code detection}, {@code correlation} or {@code logsource} (or a top-level {@code filter}
   * next to a {@code title}). Text that is not valid YAML is judged by those keys at the start of a
   * line, so a broken Sigma file is still reported as Sigma.
   */
  public static boolean isSigma(String text) {
    try (MappingIterator<JsonNode> it =
        new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class).readValues(text)) {
      while (it.hasNextValue()) {
        if (isSigmaDocument(it.nextValue())) {
          return true;
        }
      }
      return false;
    } catch (IOException | RuntimeException e) {
      return SIGMA_KEY.matcher(text).find();
    }
  }

  /** Whether one parsed YAML document is a Sigma rule (detection, correlation or filter). */
  public static boolean isSigmaDocument(JsonNode document) {
    return document != null
        && document.isObject()
        && (document.has("detection")
            || document.has("correlation")
            || document.has("logsource")
            || (document.has("filter") && document.has("title")));
  }

  private List<Document> read(String origin, String text, List<String> problems) {
    List<Document> out = new ArrayList<>();
    int index = 0;
    try (MappingIterator<JsonNode> it = yaml.readerFor(JsonNode.class).readValues(text)) {
      while (it.hasNextValue()) {
        JsonNode node = it.nextValue();
        index++;
        if (node != null && !node.isNull() && !node.isMissingNode()) {
          out.add(new Document(origin, index, node));
        }
      }
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
      problems.add(origin + ": not valid YAML" + where + ": " + e.getOriginalMessage());
      return List.of();
    } catch (IOException e) {
      problems.add(origin + ": cannot be read: " + e.getMessage());
      return List.of();
    }
    return out;
  }

  private Entry parse(Document d, List<String> problems) {
    JsonNode doc = d.node();
    if (!doc.isObject()) {
      problems.add(d.origin() + ": rule '#" + d.index() + "': is not a mapping");
      return null;
    }
    Problems p = new Problems(d.origin(), MetadataParser.label(doc, d.index()), problems);
    int before = p.count();
    if (doc.has("action")) {
      p.add(
          "action",
          "Sigma 1.0 rule collections (action: global, reset, repeat) are not supported: write"
              + " each rule as a whole document");
      return null;
    }
    boolean correlation = doc.has("correlation");
    boolean detection = doc.has("detection");
    if (!correlation && !detection) {
      if (doc.has("filter")) {
        p.add("filter", "Sigma filters are not supported");
      } else {
        p.addRule(
            "is neither a detection rule (logsource, detection) nor a correlation rule"
                + " (correlation)");
      }
      return null;
    }
    if (correlation && detection) {
      p.addRule("has both detection and correlation: a document is one or the other");
      return null;
    }
    SigmaMetadata metadata = MetadataParser.parse(doc, d.origin(), p);
    if (correlation) {
      if (doc.has("logsource")) {
        p.add("logsource", "a correlation rule reads its rules' events and has no logsource");
      }
      Draft draft = CorrelationParser.parse(doc, metadata, p);
      return draft == null || p.count() > before ? null : new Entry(metadata, null, draft);
    }
    Optional<SigmaFeed> feed = feed(doc.get("logsource"), p);
    // Compile the detection even without a feed, so its problems are reported in the same pass.
    FieldMapping mapping = FieldMapping.of(feed.orElse(SigmaFeed.OKTA_SYSTEM_LOG));
    RecordTest test = new DetectionCompiler(mapping, p).compile(doc.get("detection"));
    List<String> fields = YamlValues.texts(doc, "fields", "fields", p);
    if (test == null || feed.isEmpty() || p.count() > before) {
      return null;
    }
    return new Entry(
        metadata, new SigmaDetectionRule(metadata, feed.get(), test, mapping, fields), null);
  }

  private static Optional<SigmaFeed> feed(JsonNode logsource, Problems p) {
    if (logsource == null || logsource.isNull()) {
      p.add("logsource", "is required (product and service name the feed)");
      return Optional.empty();
    }
    if (!logsource.isObject()) {
      p.add("logsource", "must be a mapping of product and service");
      return Optional.empty();
    }
    String product = logsource.path("product").asText(null);
    String service = logsource.path("service").asText(null);
    JsonNode category = logsource.get("category");
    Optional<SigmaFeed> feed = SigmaFeed.byLogsource(product, service);
    if (feed.isPresent() && (category == null || category.isNull())) {
      return feed;
    }
    StringBuilder known = new StringBuilder();
    for (SigmaFeed f : SigmaFeed.values()) {
      known.append(known.length() == 0 ? "" : ", ").append(f.product()).append('/');
      known.append(f.service());
    }
    String written =
        (category == null || category.isNull() ? "" : "category: " + category.asText() + ", ")
            + "product: "
            + product
            + ", service: "
            + service;
    p.add(
        "logsource",
        "unknown logsource ("
            + written
            + "): Sluice reads product/service "
            + known
            + (feed.isPresent() ? ", without a category" : ""));
    return Optional.empty();
  }

  private static void checkUnique(List<Entry> entries, List<String> problems) {
    Map<String, Entry> ids = new HashMap<>();
    Map<String, Entry> names = new HashMap<>();
    List<Entry> keep = new ArrayList<>();
    for (Entry e : entries) {
      String id = e.metadata().id();
      Entry first = ids.putIfAbsent(id, e);
      if (first != null) {
        problems.add(
            e.origin()
                + ": rule '"
                + id
                + "': key 'id': duplicate id, already defined in "
                + first.origin());
        continue;
      }
      Optional<String> name = e.metadata().name();
      if (name.isPresent()) {
        Entry other = names.putIfAbsent(e.origin() + "\n" + name.get(), e);
        if (other != null) {
          problems.add(
              e.origin()
                  + ": rule '"
                  + id
                  + "': key 'name': duplicate name '"
                  + name.get()
                  + "' in this file");
          continue;
        }
      }
      keep.add(e);
    }
    entries.retainAll(keep);
  }

  /** Resolves correlation references and builds the correlations, children before parents. */
  private static final class Resolver {
    private final List<Entry> entries;
    private final Map<String, Entry> byId = new HashMap<>();
    private final Map<String, Entry> byLocalName = new HashMap<>();
    private final Map<String, List<Entry>> byName = new HashMap<>();
    private final Set<String> unloadable;
    private final Map<Entry, SigmaRule> built = new IdentityHashMap<>();
    private final Set<Entry> failed = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Entry> visiting = Collections.newSetFromMap(new IdentityHashMap<>());

    Resolver(List<Entry> entries, Set<String> unloadable, List<String> problems) {
      this.entries = entries;
      this.unloadable = unloadable;
      for (Entry e : entries) {
        byId.put(e.metadata().id(), e);
        e.metadata()
            .name()
            .ifPresent(
                n -> {
                  byLocalName.put(e.origin() + "\n" + n, e);
                  byName.computeIfAbsent(n, k -> new ArrayList<>()).add(e);
                });
        if (e.detection() != null) {
          built.put(e, e.detection());
        }
      }
    }

    List<SigmaRule> resolveAll() {
      List<SigmaRule> out = new ArrayList<>();
      for (Entry e : entries) {
        SigmaRule rule = build(e);
        if (rule != null) {
          out.add(rule);
        }
      }
      return out;
    }

    private SigmaRule build(Entry e) {
      SigmaRule done = built.get(e);
      if (done != null || failed.contains(e)) {
        return done;
      }
      Draft draft = e.draft();
      Problems p = draft.problems();
      if (!visiting.add(e)) {
        p.add("correlation.rules", "the correlation references itself through a cycle");
        failed.add(e);
        return null;
      }
      List<SigmaCorrelationRule.Reference> references = new ArrayList<>();
      boolean ok = true;
      for (int i = 0; i < draft.references().size(); i++) {
        String written = draft.references().get(i);
        Entry target = lookup(written, e, "correlation.rules[" + i + "]", p);
        SigmaRule rule = target == null ? null : build(target);
        if (rule == null) {
          ok = false;
          continue;
        }
        if (references.stream().anyMatch(r -> r != null && r.target() == rule)) {
          p.add("correlation.rules[" + i + "]", "'" + written + "' is a rule already listed");
          ok = false;
          continue;
        }
        references.add(reference(draft, written, rule, p));
      }
      visiting.remove(e);
      ok &= checkAliases(draft, references, p);
      if (!ok || references.contains(null)) {
        failed.add(e);
        return null;
      }
      SigmaCorrelationRule rule =
          new SigmaCorrelationRule(
              draft.metadata(),
              draft.type(),
              references,
              draft.groupBy(),
              draft.aliases(),
              draft.timespan(),
              draft.condition(),
              draft.valueField(),
              draft.generate());
      built.put(e, rule);
      return rule;
    }

    private Entry lookup(String written, Entry from, String path, Problems p) {
      Entry target = byId.get(written);
      if (target == null) {
        target = byLocalName.get(from.origin() + "\n" + written);
      }
      if (target == null) {
        List<Entry> named = byName.getOrDefault(written, List.of());
        if (named.size() > 1) {
          List<String> where = named.stream().map(Entry::origin).toList();
          p.add(path, "name '" + written + "' is ambiguous: rules in " + where + " have it");
          return null;
        }
        target = named.isEmpty() ? null : named.get(0);
      }
      if (target == null && unloadable.contains(written)) {
        p.add(path, "rule '" + written + "' did not load (its problems are listed)");
        return null;
      }
      if (target == null) {
        p.add(path, "no loaded rule has the id or name '" + written + "'");
        return null;
      }
      if (target == from) {
        p.add(path, "a correlation cannot reference itself");
        return null;
      }
      return target;
    }

    /** The fields a referenced rule's events are read by, after aliases. */
    private static SigmaCorrelationRule.Reference reference(
        Draft draft, String written, SigmaRule target, Problems p) {
      List<String> groupBy = new ArrayList<>();
      for (String g : draft.groupBy()) {
        Optional<String> field = aliased(draft, g, written, target, p);
        if (field == null) {
          return null;
        }
        groupBy.add(field.orElse(g));
      }
      Optional<String> value = Optional.empty();
      if (draft.valueField().isPresent()) {
        String v = draft.valueField().get();
        Optional<String> field = aliased(draft, v, written, target, p);
        if (field == null) {
          return null;
        }
        value = Optional.of(field.orElse(v));
      }
      return new SigmaCorrelationRule.Reference(written, target, groupBy, value);
    }

    /** The alias's field for the target; empty when the name is no alias; null on a problem. */
    private static Optional<String> aliased(
        Draft draft, String alias, String written, SigmaRule target, Problems p) {
      Map<String, String> fields = draft.aliases().get(alias);
      if (fields == null) {
        return Optional.empty();
      }
      for (String key : keysOf(written, target)) {
        if (fields.containsKey(key)) {
          return Optional.of(fields.get(key));
        }
      }
      p.add(
          "correlation.aliases." + alias,
          "does not say which field of rule '" + written + "' holds it");
      return null;
    }

    private static List<String> keysOf(String written, SigmaRule target) {
      List<String> keys = new ArrayList<>();
      keys.add(written);
      target.metadata().name().ifPresent(keys::add);
      keys.add(target.id());
      return keys;
    }

    /** Every alias entry must name one of the correlation's rules. */
    private static boolean checkAliases(
        Draft draft, List<SigmaCorrelationRule.Reference> references, Problems p) {
      boolean ok = true;
      Map<String, Map<String, String>> aliases = new LinkedHashMap<>(draft.aliases());
      for (Map.Entry<String, Map<String, String>> alias : aliases.entrySet()) {
        for (String key : alias.getValue().keySet()) {
          boolean known =
              references.stream()
                  .anyMatch(r -> r != null && keysOf(r.written(), r.target()).contains(key));
          if (!known && references.size() == draft.references().size()) {
            p.add(
                "correlation.aliases." + alias.getKey() + "." + key,
                "names no rule of correlation.rules");
            ok = false;
          }
        }
      }
      return ok;
    }
  }
}
