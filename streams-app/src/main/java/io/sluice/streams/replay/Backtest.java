package io.sluice.streams.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.streams.detect.Rule;
import io.sluice.streams.detect.RuleValidationException;
import io.sluice.streams.normalize.FeedMapper;
import io.sluice.streams.replay.Expectations.Expectation;
import io.sluice.streams.topology.TopologyOptions;
import java.io.BufferedReader;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs rules over saved logs with {@link Replay} (the production topology, no broker) and judges
 * what fired against the rule authors' {@link Expectations}: {@code ./sluice rules test}.
 */
public final class Backtest {
  /** One alert the replay raised. */
  public record Fired(String ruleId, String entityType, String entity, String at, long events) {}

  /** What a backtest saw, and which expectations it did not meet. */
  public record Result(List<Fired> fired, List<String> unmet, int expectations) {
    public boolean passed() {
      return unmet.isEmpty();
    }
  }

  private final List<FeedMapper> feeds;
  private final List<Rule> rules;
  private final TopologyOptions options;

  public Backtest(List<FeedMapper> feeds, List<Rule> rules, TopologyOptions options) {
    this.feeds = feeds;
    this.rules = rules;
    this.options = options;
  }

  /**
   * Replays the input and checks the expectations; an expectation naming a rule that does not run
   * is a load error (it could never be met, or never fail).
   */
  public Result run(BufferedReader input, List<Expectation> expectations) {
    Set<String> running = rules.stream().map(Rule::id).collect(Collectors.toSet());
    List<String> unknown = new ArrayList<>();
    for (Expectation e : expectations) {
      if (!running.contains(e.ruleId())) {
        unknown.add(
            e.where()
                + ": no rule with this id raises alerts in this run (a Sigma rule only referenced"
                + " by a correlation raises none: expect on the correlation)");
      }
    }
    if (!unknown.isEmpty()) {
      throw new RuleValidationException(unknown);
    }
    List<Fired> fired = new ArrayList<>();
    try (Replay replay = new Replay(feeds, rules, options)) {
      replay.run(
          input,
          record -> {
            if (record.path("topic").asText().startsWith("alerts.")) {
              fired.add(fired(record.path("value")));
            }
          });
    }
    List<String> unmet = new ArrayList<>();
    for (Expectation e : expectations) {
      long count =
          fired.stream()
              .filter(f -> f.ruleId().equals(e.ruleId()))
              .filter(f -> e.entity().map(f.entity()::equals).orElse(true))
              .count();
      if (!e.holds(count)) {
        unmet.add(e.where() + ": expected " + e.describe() + ", fired " + count);
      }
    }
    return new Result(List.copyOf(fired), List.copyOf(unmet), expectations.size());
  }

  private static Fired fired(JsonNode alert) {
    return new Fired(
        alert.path("rule").path("id").asText(),
        alert.path("entity").path("type").asText(),
        alert.path("entity").path("value").asText(),
        alert.path("window_end").asText(),
        alert.path("event_count").asLong());
  }

  /** The report a person reads: every alert, then each unmet expectation. */
  public static void print(Result result, PrintStream out) {
    if (result.fired().isEmpty()) {
      out.println("no alerts");
    } else {
      out.printf("%-40s %-28s %-24s %s%n", "rule", "entity", "window_end", "events");
      for (Fired f : result.fired()) {
        out.printf("%-40s %-28s %-24s %d%n", f.ruleId(), f.entity(), f.at(), f.events());
      }
    }
    int met = result.expectations() - result.unmet().size();
    out.printf(
        "%d alert(s); expectations: %d met, %d not met%n",
        result.fired().size(), met, result.unmet().size());
    for (String unmet : result.unmet()) {
      out.println("NOT MET " + unmet);
    }
  }
}
