package io.sluice.streams.detect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The rules an instance runs while it runs: the fixed files (built-in pack, {@code --rules DIR})
 * plus the entries of the compacted topic {@code sluice.rules} (key = an id, value = a rule file's
 * text; a tombstone deletes). Every instance reads the topic (a global store), so a change reaches
 * every instance within seconds, without a restart.
 *
 * <p>An entry is accepted only if the whole set still validates with it, and only if its rules need
 * no key type the running topology lacks (a processor and its store exist per key type; adding one
 * needs a restart, which picks the entry up). A rejected entry leaves the rules running as they
 * were, including that entry's previous accepted version; each outcome goes to the status listener
 * ({@code sluice.rules.status}).
 *
 * <p>State: a rule's slots are filed by its id, so an entry that only changes a rule's numbers
 * keeps its state (re-shaped to the new window), and one that changes what it counts starts afresh
 * (docs/rules.md, "State").
 */
public final class LiveRules implements RuleBook {
  /**
   * Entries whose key starts with this disable one rule by id ({@code ./sluice rules disable ID}):
   * key {@code disable:<id>}, value {@code disable: <id>}. Such an entry works for any rule — built
   * in, from the directory, from another entry, Sluice or Sigma — and deleting it enables the rule
   * again. One whose rule has since gone is dormant, so deleting a rule never fails on it.
   */
  public static final String DISABLE_PREFIX = "disable:";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** The origin a topic entry's problems are reported under. */
  public static String origin(String key) {
    return "sluice.rules[" + key + "]";
  }

  /** The entry key that disables a rule. */
  public static String disableKey(String ruleId) {
    return DISABLE_PREFIX + ruleId;
  }

  /** The value of the entry that disables a rule. */
  public static String disableText(String ruleId) {
    return "# written by ./sluice rules disable; ./sluice rules enable deletes it\n"
        + "disable: "
        + ruleId
        + "\n";
  }

  public static boolean isDisable(String key) {
    return key.startsWith(DISABLE_PREFIX);
  }

  /**
   * The rules that run with these fixed files (origin → text) and topic entries (key → text): the
   * files and entries validated as one set, less the rules that disable entries name.
   *
   * @throws RuleValidationException naming every problem, as start-up would
   */
  public static List<Rule> validate(Map<String, String> fixed, Map<String, String> entries) {
    return resolve(fixed, entries).running();
  }

  /** Every rule the files and entries define, and those that run (not disabled). */
  private record Resolved(List<Rule> defined, List<Rule> running) {}

  private static Resolved resolve(Map<String, String> fixed, Map<String, String> entries) {
    Map<String, String> files = new LinkedHashMap<>(fixed);
    Set<String> disabled = new HashSet<>();
    List<String> problems = new ArrayList<>();
    entries.forEach(
        (key, text) -> {
          if (isDisable(key)) {
            disabled.add(disabledId(key, text, problems));
          } else {
            files.put(origin(key), text);
          }
        });
    List<Rule> defined;
    try {
      defined = new RuleLoader().validate(files);
    } catch (RuleValidationException e) {
      problems.addAll(0, e.problems());
      throw new RuleValidationException(problems);
    }
    if (!problems.isEmpty()) {
      throw new RuleValidationException(problems);
    }
    return new Resolved(
        defined, defined.stream().filter(rule -> !disabled.contains(rule.id())).toList());
  }

  /** The rule a disable entry names; its value must say the same id as its key. */
  private static String disabledId(String key, String text, List<String> problems) {
    String id = key.substring(DISABLE_PREFIX.length());
    String written;
    try {
      written = YAML.readTree(text).path("disable").asText(null);
    } catch (IOException | RuntimeException e) {
      written = null;
    }
    if (!id.equals(written)) {
      problems.add(
          origin(key)
              + ": key 'disable': the value of a disable entry is 'disable: "
              + id
              + "' (./sluice rules disable "
              + id
              + " writes it)");
    }
    return id;
  }

  /** What became of one topic entry. */
  public record Outcome(String key, Status status, List<String> rules, String error) {}

  /** Outcomes of an entry. */
  public enum Status {
    ACTIVE,
    DELETED,
    REJECTED
  }

  private final Map<String, String> fixed;
  private final Map<String, String> live = new LinkedHashMap<>();
  private final Consumer<Outcome> status;
  private Set<KeyType> keyTypes;
  private volatile RuleSet current;

  /**
   * @param fixed the built-in pack and the operator's directory (origin → text)
   * @param entries the topic's current entries (key → text), read before the topology is built
   * @param status told every outcome (logged and written to {@code sluice.rules.status})
   */
  public LiveRules(
      Map<String, String> fixed, Map<String, String> entries, Consumer<Outcome> status) {
    this.fixed = Map.copyOf(new LinkedHashMap<>(fixed));
    this.status = status;
    this.current = new RuleSet(validate(this.fixed, Map.of()));
    this.keyTypes = withSigma(current.keyTypes());
    entries.forEach(this::apply);
    // the topology is built from what is accepted now: its key types are fixed from here on
    // (Sigma's processor and every feed's Sigma path are always part of it: SluiceTopology)
    this.keyTypes = withSigma(current.keyTypes());
  }

  private static Set<KeyType> withSigma(Set<KeyType> keyTypes) {
    Set<KeyType> all = new HashSet<>(keyTypes);
    all.add(KeyType.SIGMA);
    return Set.copyOf(all);
  }

  @Override
  public RuleSet current() {
    return current;
  }

  /** The topic entries that run now (key → text): those accepted, each at its accepted version. */
  public synchronized Map<String, String> entries() {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(live));
  }

  /** Applies one topic record: an entry's new text, or null to delete it. */
  public synchronized Outcome apply(String key, String text) {
    if (text == null) {
      if (!live.containsKey(key)) {
        return report(new Outcome(key, Status.DELETED, List.of(), null));
      }
      // a copy: accepting replaces the live entries by the candidate's, and a rejected delete
      // leaves them as they were
      Map<String, String> candidate = new LinkedHashMap<>(live);
      candidate.remove(key);
      return accept(key, candidate, Status.DELETED);
    }
    if (text.equals(live.get(key))) {
      return new Outcome(key, Status.ACTIVE, List.of(), null); // a replay of what runs: no news
    }
    Map<String, String> candidate = new LinkedHashMap<>(live);
    candidate.put(key, text);
    return accept(key, candidate, Status.ACTIVE);
  }

  private Outcome accept(String key, Map<String, String> candidate, Status success) {
    RuleSet next;
    Resolved resolved;
    try {
      resolved = resolve(fixed, candidate);
      next = new RuleSet(resolved.running());
    } catch (RuleValidationException e) {
      return report(new Outcome(key, Status.REJECTED, List.of(), e.getMessage()));
    }
    String disables = isDisable(key) ? key.substring(DISABLE_PREFIX.length()) : null;
    if (disables != null
        && success == Status.ACTIVE
        && resolved.defined().stream().noneMatch(rule -> rule.id().equals(disables))) {
      return report(
          new Outcome(
              key,
              Status.REJECTED,
              List.of(),
              origin(key) + ": key 'disable': no rule with the id '" + disables + "' is loaded"));
    }
    Set<KeyType> missing = new TreeSet<>(java.util.Comparator.comparing(KeyType::name));
    missing.addAll(next.keyTypes());
    missing.removeAll(keyTypes);
    if (!missing.isEmpty()) {
      return needsRestart(
          key,
          "groups by "
              + missing.stream().map(KeyType::name).toList()
              + ", a key type the running topology has no processor for",
          "the processor");
    }
    live.clear();
    live.putAll(candidate);
    current = next;
    List<String> ids = new ArrayList<>();
    if (disables != null) {
      ids.add(disables);
    } else {
      next.all().stream()
          .filter(r -> r.rule().origin().contains(origin(key)))
          .forEach(r -> ids.add(r.id()));
    }
    return report(new Outcome(key, success, ids, null));
  }

  /** Rejects an entry the running topology cannot run, saying what a restart adds. */
  private Outcome needsRestart(String key, String why, String added) {
    return report(
        new Outcome(
            key,
            Status.REJECTED,
            List.of(),
            origin(key)
                + ": "
                + why
                + "; restart the app (it reads this entry at start-up and adds "
                + added
                + ")"));
  }

  private Outcome report(Outcome outcome) {
    status.accept(outcome);
    return outcome;
  }
}
