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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice rules}: validates rule files the way start-up does, and lists the result; its
 * subcommands change the rules of running apps through the compacted topic {@code sluice.rules}
 * (docs/rules.md, "Changing rules while Sluice runs").
 */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description =
        "Validate and list the rules (built-in pack plus --rules DIR); push, delete and list the"
            + " live rules of running apps (topic sluice.rules).",
    subcommands = {RulesCommand.Push.class, RulesCommand.Delete.class, RulesCommand.Live.class})
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
          rule.severity().name().toLowerCase(java.util.Locale.ROOT),
          rule.threshold(),
          rule.window(),
          rule.entityType(),
          rule.origin());
    }
  }

  /**
   * Validates the entry with everything it will run beside (the built-in pack, the directory the
   * apps run with, the topic's other entries), as the apps will, so a bad file is refused here,
   * naming the file, the rule and the key, rather than rejected by every instance.
   */
  static List<Rule> validateEntry(
      SluiceConfig config, Map<String, String> entries, String key, String text) {
    Map<String, String> files =
        new LinkedHashMap<>(new RuleLoader().files(config.rulesDirectory()));
    entries.forEach((k, v) -> files.put(LiveRules.origin(k), v));
    if (text == null) {
      files.remove(LiveRules.origin(key));
    } else {
      files.put(LiveRules.origin(key), text);
    }
    return new RuleLoader().validate(files);
  }

  @Command(
      name = "push",
      mixinStandardHelpOptions = true,
      description =
          "Validate a rule file and publish it to sluice.rules: running apps take it within"
              + " seconds, without a restart.")
  static final class Push implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Parameters(paramLabel = "FILE", description = "A rule file (*.yaml).")
    Path file;

    @Option(
        names = "--id",
        paramLabel = "ENTRY",
        description = "The entry's key in sluice.rules (default: the file name without .yaml).")
    String id;

    @Override
    public Integer call()
        throws IOException, InterruptedException, java.util.concurrent.ExecutionException {
      SluiceConfig config = options.load();
      String key = id != null ? id : entryName(file);
      String text = Files.readString(file, StandardCharsets.UTF_8);
      CompactedTopic topic = new CompactedTopic(config, RulesTopic.TOPIC);
      List<Rule> all = validateEntry(config, topic.read(), key, text);
      topic.send(Collections.singletonMap(key, text));
      List<String> ids =
          all.stream()
              .filter(r -> r.origin().contains(LiveRules.origin(key)))
              .map(Rule::id)
              .toList();
      System.out.printf(
          "published %s as entry '%s' of %s: %s; each app reports its outcome on %s (./sluice"
              + " rules live)%n",
          file, key, RulesTopic.TOPIC, ids, RulesTopic.STATUS_TOPIC);
      return 0;
    }

    private static String entryName(Path file) {
      String name = file.getFileName().toString();
      return name.replaceFirst("\\.ya?ml$", "");
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

  @Command(
      name = "live",
      mixinStandardHelpOptions = true,
      description =
          "List the entries of sluice.rules with what the apps made of each (sluice.rules.status).")
  static final class Live implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin ConfigOptions options;

    @Override
    public Integer call() throws IOException {
      SluiceConfig config = options.load();
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
