package io.sluice.streams.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.streams.app.CompactedTopic;
import io.sluice.streams.config.SluiceConfig;
import io.sluice.streams.detect.LiveRules;
import io.sluice.streams.detect.Rule;
import io.sluice.streams.detect.RuleLoader;
import io.sluice.streams.detect.RuleValidationException;
import io.sluice.streams.detect.RulesTopic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice rules}: validates rule files the way start-up does, and lists the result; its
 * subcommands backtest rules over saved logs ({@code test}) and change the rules of running apps
 * through the compacted topic {@code sluice.rules} (docs/rules.md, "Changing rules while Sluice
 * runs").
 */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description =
        "Validate and list the rules (built-in pack plus --rules DIR); backtest them over saved"
            + " logs; push, disable, enable, delete and list the live rules of running apps (topic"
            + " sluice.rules).",
    subcommands = {
      RulesCommand.ListRules.class,
      RulesTestCommand.class,
      RulesCommand.Push.class,
      RulesCommand.Disable.class,
      RulesCommand.Enable.class,
      RulesCommand.Delete.class,
      RulesCommand.Live.class
    })
public final class RulesCommand implements Callable<Integer> {
  @Option(
      names = "--rules",
      paramLabel = "DIR",
      description = "Directory of operator rule files (*.yaml).")
  Path rules;

  @Override
  public Integer call() {
    print(new RuleLoader().load(Optional.ofNullable(rules)));
    return 0;
  }

  private static void print(List<Rule> loaded) {
    for (Rule rule : loaded) {
      System.out.printf(
          "%-32s %-14s %-8s threshold=%d window=%s group_by=%s  (%s)%n",
          rule.id(),
          rule.area().areaName(),
          rule.severity().name().toLowerCase(Locale.ROOT),
          rule.threshold(),
          rule.window(),
          rule.entityType(),
          rule.origin());
    }
  }

  /**
   * Validates entries with everything they will run beside (the built-in pack, the directory the
   * apps run with, the topic's other entries), as the apps will, so a bad file is refused here,
   * naming the file, the rule and the key, rather than rejected by every instance.
   *
   * @param changes entry key → new text, or null to delete it
   * @return the rules that would run
   */
  static List<Rule> validateEntries(
      SluiceConfig config, Map<String, String> entries, Map<String, String> changes) {
    Map<String, String> files = new RuleLoader().files(config.rulesDirectory());
    // beside the entries the apps accepted, as they did: a rejected entry does not run
    Map<String, String> next =
        new LinkedHashMap<>(new LiveRules(files, entries, outcome -> {}).entries());
    changes.forEach(
        (key, text) -> {
          if (text == null) {
            next.remove(key);
          } else {
            next.put(key, text);
          }
        });
    return LiveRules.validate(files, next);
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "List the rules that would run, or with --live the live entries and their status.",
        "Without --live: the built-in pack plus --rules DIR. With --live: the entries of",
        "sluice.rules and what the running apps made of each (sluice.rules.status)."
      })
  static final class ListRules implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Option(
        names = "--live",
        description = "List the live entries with their status instead (needs a broker).")
    boolean live;

    @Override
    public Integer call() throws IOException {
      SluiceConfig config = options.load();
      if (live) {
        return Live.print(config);
      }
      print(new RuleLoader().load(config.rulesDirectory()));
      return 0;
    }
  }

  @Command(
      name = "push",
      mixinStandardHelpOptions = true,
      description = {
        "Validate rule files and publish them to sluice.rules, for running apps.",
        "Running apps take them within seconds, without a restart. A directory publishes each",
        "of its rule files as one entry."
      })
  static final class Push implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Parameters(
        paramLabel = "FILE|DIR",
        description = "A rule file (*.yaml, *.yml; Sluice or Sigma), or a directory of them.")
    Path path;

    @Option(
        names = "--id",
        paramLabel = "ENTRY",
        description =
            "The entry's key in sluice.rules (default: the file name without .yaml); not with a"
                + " directory.")
    String id;

    @Override
    public Integer call() throws IOException, InterruptedException, ExecutionException {
      SluiceConfig config = options.load();
      Map<String, String> changes = new LinkedHashMap<>();
      if (Files.isDirectory(path)) {
        if (id != null) {
          throw new RuleValidationException(
              List.of(path + ": --id names one entry; a directory pushes one entry per file"));
        }
        new RuleLoader()
            .directory(path)
            .forEach((file, text) -> changes.put(entryName(Path.of(file)), text));
        if (changes.isEmpty()) {
          throw new RuleValidationException(List.of(path + ": no rule files (*.yaml, *.yml)"));
        }
      } else {
        String key = id != null ? id : entryName(path);
        if (LiveRules.isDisable(key)) {
          throw new RuleValidationException(
              List.of(
                  "entry '"
                      + key
                      + "': names starting with '"
                      + LiveRules.DISABLE_PREFIX
                      + "' are for ./sluice rules disable"));
        }
        changes.put(key, Files.readString(path));
      }
      CompactedTopic topic = new CompactedTopic(config, RulesTopic.TOPIC);
      List<Rule> all = validateEntries(config, topic.read(), changes);
      topic.send(changes);
      for (String key : changes.keySet()) {
        List<String> ids =
            all.stream()
                .filter(r -> r.origin().contains(LiveRules.origin(key)))
                .map(Rule::id)
                .toList();
        System.out.printf("published entry '%s' of %s: %s%n", key, RulesTopic.TOPIC, ids);
      }
      System.out.printf(
          "each app reports its outcome on %s (./sluice rules list --live)%n",
          RulesTopic.STATUS_TOPIC);
      return 0;
    }

    private static String entryName(Path file) {
      return file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    }
  }

  @Command(
      name = "disable",
      mixinStandardHelpOptions = true,
      description = {
        "Stop a rule on the running apps (built-in, directory, live or Sigma).",
        "Publishes the entry disable:<ID> to sluice.rules; the rule's file stays as it is."
      })
  static final class Disable implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Parameters(paramLabel = "ID", description = "The rule id (a Sigma rule's id).")
    String ruleId;

    @Override
    public Integer call() throws InterruptedException, ExecutionException {
      SluiceConfig config = options.load();
      CompactedTopic topic = new CompactedTopic(config, RulesTopic.TOPIC);
      Map<String, String> entries = topic.read();
      Map<String, String> none = Map.of();
      if (validateEntries(config, entries, none).stream().noneMatch(r -> r.id().equals(ruleId))) {
        throw new RuleValidationException(
            List.of(
                "rule '"
                    + ruleId
                    + "': "
                    + (entries.containsKey(LiveRules.disableKey(ruleId))
                        ? "is disabled already"
                        : "no running rule has this id (./sluice rules list)")));
      }
      String key = LiveRules.disableKey(ruleId);
      topic.send(Collections.singletonMap(key, LiveRules.disableText(ruleId)));
      System.out.printf(
          "published entry '%s' of %s; ./sluice rules enable %s undoes it%n",
          key, RulesTopic.TOPIC, ruleId);
      return 0;
    }
  }

  @Command(
      name = "enable",
      mixinStandardHelpOptions = true,
      description = "Undo ./sluice rules disable: deletes the entry disable:<ID> of sluice.rules.")
  static final class Enable implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Parameters(paramLabel = "ID", description = "The rule id.")
    String ruleId;

    @Override
    public Integer call() throws InterruptedException, ExecutionException {
      SluiceConfig config = options.load();
      CompactedTopic topic = new CompactedTopic(config, RulesTopic.TOPIC);
      String key = LiveRules.disableKey(ruleId);
      if (!topic.read().containsKey(key)) {
        throw new RuleValidationException(
            List.of(
                "rule '"
                    + ruleId
                    + "': not disabled on "
                    + RulesTopic.TOPIC
                    + " (a rule disabled by an override file is enabled by editing that file)"));
      }
      topic.send(Collections.singletonMap(key, null));
      System.out.printf("deleted entry '%s' of %s%n", key, RulesTopic.TOPIC);
      return 0;
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Delete an entry of sluice.rules (writes a tombstone): its rules stop.")
  static final class Delete implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Parameters(paramLabel = "ENTRY")
    String key;

    @Override
    public Integer call() throws Exception {
      SluiceConfig config = options.load();
      CompactedTopic topic = new CompactedTopic(config, RulesTopic.TOPIC);
      Map<String, String> entries = topic.read();
      if (!entries.containsKey(key)) {
        throw new RuleValidationException(
            List.of(
                RulesTopic.TOPIC + " has no entry '" + key + "'; entries: " + entries.keySet()));
      }
      topic.send(Collections.singletonMap(key, null));
      System.out.printf("deleted entry '%s' of %s%n", key, RulesTopic.TOPIC);
      return 0;
    }
  }

  /** The former name of {@code list --live}, kept so scripts that call it go on working. */
  @Command(
      name = "live",
      hidden = true,
      mixinStandardHelpOptions = true,
      description = "Same as ./sluice rules list --live.")
  static final class Live implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin ConfigOptions options;

    @Override
    public Integer call() throws IOException {
      return print(options.load());
    }

    static int print(SluiceConfig config) throws IOException {
      Map<String, String> entries = new CompactedTopic(config, RulesTopic.TOPIC).read();
      Map<String, String> status = new CompactedTopic(config, RulesTopic.STATUS_TOPIC).read();
      if (entries.isEmpty()) {
        System.out.println("no entries in " + RulesTopic.TOPIC);
      }
      for (String key : entries.keySet()) {
        String line = status.get(key);
        if (line == null) {
          System.out.printf("%-24s (no outcome reported yet: is an app running?)%n", key);
          continue;
        }
        JsonNode outcome = JSON.readTree(line);
        System.out.printf(
            "%-24s %-8s %s  (%s at %s)%s%n",
            key,
            outcome.path("status").asText(),
            outcome.path("rules"),
            outcome.path("instance").asText(),
            outcome.path("at").asText(),
            outcome.path("error").isTextual() ? "\n    " + outcome.path("error").asText() : "");
      }
      return 0;
    }
  }
}
