package io.sluice.streams.cli;

import io.sluice.streams.detect.Rule;
import io.sluice.streams.detect.RuleLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sluice rules}: validates rule files the way start-up does, and lists the result. */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description = "Validate and list the rules (built-in pack plus --rules DIR).")
public final class RulesCommand implements Callable<Integer> {
  @Option(
      names = "--rules",
      paramLabel = "DIR",
      description = "Directory of operator rule files (*.yaml).")
  Path rules;

  @Override
  public Integer call() {
    List<Rule> loaded = new RuleLoader().load(Optional.ofNullable(rules));
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
    return 0;
  }
}
