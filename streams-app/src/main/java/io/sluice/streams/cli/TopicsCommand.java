package io.sluice.streams.cli;

import io.sluice.streams.app.TopicAdmin;
import io.sluice.streams.config.ConfigException;
import io.sluice.streams.config.Settings;
import io.sluice.streams.config.SluiceConfig;
import io.sluice.streams.topology.Topics;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sluice topics [create|check]}: creates the Sluice topics that are missing, with their
 * partitions, cleanup policy, retention, replication factor and {@code min.insync.replicas}, and
 * verifies the ones that exist. A conflict stops the command with one line per topic (exit 2).
 */
@Command(
    name = "topics",
    mixinStandardHelpOptions = true,
    description = "Create the missing Sluice topics and check the existing ones (default: create).",
    subcommands = {TopicsCommand.Create.class, TopicsCommand.Check.class})
public final class TopicsCommand implements Callable<Integer> {
  @Mixin TopicOptions topicOptions;

  @Override
  public Integer call() {
    return create(topicOptions);
  }

  /** The flags of both subcommands. */
  static final class TopicOptions {
    @Mixin ConfigOptions options;

    @Option(
        names = "--replication-factor",
        paramLabel = "N",
        description = "Replication factor of created topics; existing ones must have at least N.")
    Integer replicationFactor;

    @Option(
        names = "--min-insync-replicas",
        paramLabel = "N",
        description = "min.insync.replicas of created topics; existing ones must have exactly N.")
    Integer minInsyncReplicas;

    SluiceConfig load() {
      if (replicationFactor != null) {
        options.settings.put(Settings.TOPIC_REPLICATION_FACTOR, replicationFactor.toString());
      }
      if (minInsyncReplicas != null) {
        options.settings.put(Settings.TOPIC_MIN_INSYNC_REPLICAS, minInsyncReplicas.toString());
      }
      return options.load();
    }
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Create the missing topics, then check every existing one.")
  static final class Create implements Callable<Integer> {
    @Mixin TopicOptions topicOptions;

    @Override
    public Integer call() {
      return create(topicOptions);
    }
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = "Check the existing topics and list the missing ones; changes nothing.")
  static final class Check implements Callable<Integer> {
    @Mixin TopicOptions topicOptions;

    @Override
    public Integer call() {
      SluiceConfig config = topicOptions.load();
      List<Topics.Spec> specs = Topics.all(config.topicPartitions());
      List<String> missing =
          TopicAdmin.missing(config.bootstrapServers(), config.kafkaClientSettings(), specs);
      failOnConflicts(config, specs);
      for (Topics.Spec spec : specs) {
        System.out.printf(
            "%-32s %s%n", spec.name(), missing.contains(spec.name()) ? "missing" : "ok");
      }
      return missing.isEmpty() ? 0 : 1;
    }
  }

  private static int create(TopicOptions topicOptions) {
    SluiceConfig config = topicOptions.load();
    List<Topics.Spec> specs = Topics.all(config.topicPartitions());
    List<String> created =
        TopicAdmin.createMissing(
            config.bootstrapServers(),
            config.kafkaClientSettings(),
            specs,
            config.topicReplicationFactor(),
            config.topicMinInsyncReplicas());
    failOnConflicts(config, specs);
    for (Topics.Spec spec : specs) {
      System.out.printf(
          "%-32s %s partitions=%d %s%n",
          spec.name(),
          created.contains(spec.name()) ? "created" : "ok     ",
          spec.partitions(),
          spec.configs());
    }
    return 0;
  }

  private static void failOnConflicts(SluiceConfig config, List<Topics.Spec> specs) {
    List<String> conflicts =
        TopicAdmin.conflicts(
            config.bootstrapServers(),
            config.kafkaClientSettings(),
            specs,
            config.topicReplicationFactor(),
            config.topicMinInsyncReplicas());
    if (!conflicts.isEmpty()) {
      throw new ConfigException(
          "existing topics do not match what Sluice needs; change them (kafka-topics.sh --alter,"
              + " kafka-configs.sh) or the settings, then run again:\n  "
              + String.join("\n  ", conflicts));
    }
  }
}
