package io.sluice.streams.cli;

import io.sluice.streams.app.TopicAdmin;
import io.sluice.streams.config.SluiceConfig;
import io.sluice.streams.topology.Topics;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sluice topics}: creates every Sluice topic that does not exist yet. */
@Command(
    name = "topics",
    mixinStandardHelpOptions = true,
    description = "Create the Sluice topics that are missing.")
public final class TopicsCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Override
  public Integer call() {
    SluiceConfig config = options.load();
    List<Topics.Spec> specs = Topics.all(config.topicPartitions());
    List<String> created =
        TopicAdmin.createMissing(config.bootstrapServers(), config.kafkaClientSettings(), specs);
    for (Topics.Spec spec : specs) {
      System.out.printf(
          "%-32s %s partitions=%d %s%n",
          spec.name(),
          created.contains(spec.name()) ? "created" : "exists ",
          spec.partitions(),
          spec.configs());
    }
    return 0;
  }
}
