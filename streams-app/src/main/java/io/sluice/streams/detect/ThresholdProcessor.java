package io.sluice.streams.detect;

import io.sluice.streams.config.Durations;
import io.sluice.streams.metrics.PipelineMetrics;
import java.util.List;
import java.util.OptionalLong;
import org.apache.avro.specific.SpecificRecord;

/**
 * Runs one {@code threshold} rule over records already keyed by its group key (DESIGN §6): counts
 * matching events over the sliding event-time window {@code (t - window, t]} and emits one alert on
 * the event that makes the count reach the threshold — not at window close, and not again for that
 * key until {@code suppress} has passed in event time.
 */
final class ThresholdProcessor extends RuleProcessor<RuleState> {
  private final long window;
  private final long suppress;

  ThresholdProcessor(Rule rule, PipelineMetrics metrics) {
    super(rule, metrics);
    this.window = rule.window().toMillis();
    this.suppress = rule.suppress().toMillis();
  }

  @Override
  protected void process(String key, long t, SpecificRecord value, long streamTime) {
    RuleState state = store.get(key);
    if (state == null) {
      state = new RuleState();
    }
    state.pruneUpTo(streamTime - grace - window);
    String distinct = rule.distinctField().map(f -> f.getText(value)).orElse(null);
    if (!state.insert(entry(t, value, distinct))) {
      return; // a redelivered event is counted once
    }
    boolean countsDistinct = rule.distinctField().isPresent();
    OptionalLong crossing = state.earliestCrossing(t, window, rule.threshold(), countsDistinct);
    if (crossing.isPresent()) {
      long end = crossing.getAsLong();
      state.suppressUntil(end + suppress);
      List<RuleState.Entry> counted = state.window(end, window);
      Integer distinctCount =
          countsDistinct
              ? (int)
                  counted.stream()
                      .map(RuleState.Entry::distinct)
                      .filter(d -> d != null)
                      .distinct()
                      .count()
              : null;
      String what =
          countsDistinct
              ? distinctCount
                  + " distinct "
                  + rule.distinctField().get().path()
                  + " within "
                  + Durations.format(rule.window())
              : counted.size() + " events within " + Durations.format(rule.window());
      emit(
          key,
          alerts.build(
              key, end - window, end, counted, distinctCount, what, context.currentSystemTimeMs()));
    }
    store.put(key, state);
  }

  @Override
  protected boolean pruneIsIdle(RuleState state, long streamTime) {
    state.pruneUpTo(streamTime - grace - window);
    return state.isEmpty() && state.lowerBound() <= streamTime - grace;
  }
}
