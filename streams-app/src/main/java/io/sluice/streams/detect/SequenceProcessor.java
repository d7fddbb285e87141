package io.sluice.streams.detect;

import io.sluice.streams.config.Durations;
import io.sluice.streams.metrics.PipelineMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * Runs one {@code sequence} rule (DESIGN §6): step A (a plain match, or itself a threshold), then
 * step B for the same key at most {@code within} later in event time. Fires on the first B that
 * follows a completed A — never on a B that precedes A — and then not again for that key until
 * {@code suppress} has passed. Events of either step may arrive out of order within grace.
 */
final class SequenceProcessor extends RuleProcessor<SequenceState> {
  private final Step first;
  private final Step then;
  private final long within;
  private final long firstWindow;
  private final long suppress;

  SequenceProcessor(Rule rule, PipelineMetrics metrics) {
    super(rule, metrics);
    this.first = rule.first();
    this.then = rule.last();
    this.within = rule.within().toMillis();
    this.firstWindow = first.window().toMillis();
    this.suppress = rule.suppress().toMillis();
  }

  @Override
  protected void process(String key, long t, SpecificRecord value, long streamTime) {
    boolean isFirst = first.input().type().isInstance(value) && first.matches(value);
    boolean isThen = then.input().type().isInstance(value) && then.matches(value);
    if (!isFirst && !isThen) {
      return;
    }
    SequenceState state = store.get(key);
    if (state == null) {
      state = new SequenceState();
    }
    prune(state, streamTime);
    boolean added = false;
    if (isFirst) {
      String distinct = first.distinctField().map(f -> f.getText(value)).orElse(null);
      added |= state.first().insert(entry(t, value, distinct));
    }
    if (isThen) {
      added |= state.then().insert(entry(t, value, null));
    }
    if (!added) {
      return;
    }
    Optional<SequenceState.Match> match =
        state.earliestMatch(
            within, firstWindow, first.threshold(), first.distinctField().isPresent());
    if (match.isPresent()) {
      long end = match.get().then();
      long completedAt = match.get().completedAt();
      state.suppressUntil(end + suppress);
      List<RuleState.Entry> contributing =
          new ArrayList<>(state.first().window(completedAt, firstWindow));
      int firstCount = contributing.size();
      state.then().entries().stream()
          .filter(e -> e.time() == end)
          .findFirst()
          .ifPresent(contributing::add);
      String what =
          firstCount
              + " matching "
              + first.input().ruleName()
              + (firstCount == 1 ? " event" : " events")
              + ", then a matching "
              + then.input().ruleName()
              + " event within "
              + Durations.format(rule.within());
      emit(
          key,
          alerts.build(
              key, end - within, end, contributing, null, what, context.currentSystemTimeMs()));
    }
    store.put(key, state);
  }

  /**
   * Drops what no future alert can use. A events: older than grace + within + A's window. B events:
   * older than grace — a B before that can only pair with an A at or before it, and any such A was
   * already stored when the B was evaluated; a new (in-grace) A comes after it. This keeps a rule
   * whose B matches common events (every successful logon) from holding hours of them per user.
   */
  private void prune(SequenceState state, long streamTime) {
    state.first().pruneUpTo(streamTime - grace - within - firstWindow);
    state.then().pruneUpTo(streamTime - grace);
  }

  @Override
  protected boolean pruneIsIdle(SequenceState state, long streamTime) {
    prune(state, streamTime);
    return state.isEmpty() && state.lowerBound() <= streamTime - grace;
  }
}
