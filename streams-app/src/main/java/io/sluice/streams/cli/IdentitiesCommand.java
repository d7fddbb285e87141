package io.sluice.streams.cli;

import io.sluice.streams.app.CompactedTopic;
import io.sluice.streams.canonical.Keys;
import io.sluice.streams.config.ConfigException;
import io.sluice.streams.topology.Topics;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice identities}: maintains {@code reference.identities}, the compacted topic of aliases
 * (an account name as a vendor spells it) and the canonical user each names. Both are written
 * normalised, as the pipeline reads them ({@link Keys#normalize}); {@code remove} deletes every
 * spelling of an alias found on the topic, so a key typed in another case with {@code
 * kafka-console-producer} cannot come back after compaction.
 */
@Command(
    name = "identities",
    mixinStandardHelpOptions = true,
    description = "Add, remove or list identity aliases (topic reference.identities).",
    subcommands = {
      IdentitiesCommand.Add.class,
      IdentitiesCommand.Remove.class,
      IdentitiesCommand.ListAliases.class
    })
public final class IdentitiesCommand {

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = "Make ALIAS (e.g. jdoe, CORP\\jdoe, an Okta login) name USER.")
  static final class Add implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Parameters(
        index = "0",
        paramLabel = "ALIAS",
        description = "An account name as a feed sends it.")
    String alias;

    @Parameters(
        index = "1",
        paramLabel = "USER",
        description = "The canonical user, usually the e-mail address.")
    String user;

    @Override
    public Integer call() throws Exception {
      String key = required(alias, "ALIAS");
      String value = required(user, "USER");
      Map<String, String> record = new LinkedHashMap<>();
      record.put(key, value);
      new CompactedTopic(options.load(), Topics.IDENTITIES).send(record);
      System.out.println("added " + key + " -> " + value);
      return 0;
    }
  }

  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = "Remove an alias, in every spelling found on the topic (writes tombstones).")
  static final class Remove implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Parameters(paramLabel = "ALIAS")
    String alias;

    @Override
    public Integer call() throws Exception {
      String key = required(alias, "ALIAS");
      CompactedTopic topic = new CompactedTopic(options.load(), Topics.IDENTITIES);
      Map<String, String> tombstones = new LinkedHashMap<>();
      tombstones.put(key, null);
      for (String written : topic.read().keySet()) {
        if (key.equals(Keys.normalize(written))) {
          tombstones.put(written, null);
        }
      }
      topic.send(tombstones);
      System.out.println("removed " + key);
      return 0;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Print every alias and the user it names, as the pipeline reads them.")
  static final class ListAliases implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Override
    public Integer call() {
      // the same folding as the pipeline's loader: later writes of any spelling win
      Map<String, String> aliases = new TreeMap<>();
      new CompactedTopic(options.load(), Topics.IDENTITIES)
          .read()
          .forEach(
              (written, user) -> {
                String key = Keys.normalize(written);
                String value = Keys.normalize(user);
                if (key != null && value != null) {
                  aliases.put(key, value);
                } else if (key != null) {
                  aliases.remove(key);
                }
              });
      aliases.forEach((alias, user) -> System.out.println(alias + "\t" + user));
      return 0;
    }
  }

  private static String required(String text, String name) {
    String normalized = Keys.normalize(text);
    if (normalized == null) {
      throw new ConfigException(name + " must not be blank");
    }
    return normalized;
  }
}
