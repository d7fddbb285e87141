package io.sluice.streams.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.streams.app.CompactedTopic;
import io.sluice.streams.canonical.Keys;
import io.sluice.streams.config.SluiceConfig;
import io.sluice.streams.topology.Topics;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice vip}: maintains {@code reference.vip-users}, the compacted topic that marks VIPs.
 * Keys are normalised exactly as the pipeline normalises user keys, so a listed address matches.
 */
@Command(
    name = "vip",
    mixinStandardHelpOptions = true,
    description = "Add, remove or list VIP users (topic reference.vip-users).",
    subcommands = {VipCommand.Add.class, VipCommand.Remove.class, VipCommand.ListVips.class})
public final class VipCommand {

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Mark a user as a VIP.")
  static final class Add implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Parameters(paramLabel = "EMAIL", description = "The user's login or e-mail address.")
    String email;

    @Option(names = "--title", description = "Job title, e.g. CFO.")
    String title;

    @Option(
        names = "--criticality",
        defaultValue = "high",
        description = "high, medium or low (default ${DEFAULT-VALUE}).")
    String criticality;

    @Override
    public Integer call() throws Exception {
      ObjectNode value = new ObjectMapper().createObjectNode();
      if (title != null) {
        value.put("title", title);
      }
      value.put("criticality", criticality);
      return send(options.load(), email, value.toString());
    }
  }

  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = "Remove a VIP (writes a tombstone).")
  static final class Remove implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Parameters(paramLabel = "EMAIL")
    String email;

    @Override
    public Integer call() throws Exception {
      return send(options.load(), email, null);
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Print the current VIP list.")
  static final class ListVips implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Override
    public Integer call() {
      Map<String, String> vips = new TreeMap<>();
      // as the streams app loads them: keys normalised, whatever case they were written in
      new CompactedTopic(options.load(), Topics.VIP_USERS)
          .read()
          .forEach(
              (address, value) -> {
                String key = Keys.normalize(address);
                if (key != null) {
                  vips.put(key, value);
                }
              });
      vips.forEach((k, v) -> System.out.println(k + "\t" + v));
      return 0;
    }
  }

  private static int send(SluiceConfig config, String email, String value) throws Exception {
    String key = Keys.normalize(email);
    if (key == null) {
      throw new io.sluice.streams.config.ConfigException("EMAIL must not be blank");
    }
    Map<String, String> record = new HashMap<>();
    record.put(key, value);
    new CompactedTopic(config, Topics.VIP_USERS).send(record);
    System.out.println((value == null ? "removed " : "added ") + key);
    return 0;
  }
}
