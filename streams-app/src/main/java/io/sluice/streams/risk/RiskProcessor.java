package io.sluice.streams.risk;

import io.micrometer.core.instrument.Counter;
import io.sluice.schemas.UserRisk;
import io.sluice.streams.metrics.PipelineMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Adds each contribution to its user's daily buckets, drops buckets that left the 30-day window (on
 * every update and on an hourly stream-time punctuation, so users who went quiet decay too), and
 * forwards the user's {@link UserRisk} only when it changed. A user whose window is empty is
 * deleted from both stores and gets a tombstone on the compacted {@code risk.users}, so state holds
 * only users with risk in the last 30 days.
 *
 * <p>Time is the record timestamp: event time for canonical records (set by the normaliser) and
 * {@code window_end} for alerts.
 */
final class RiskProcessor implements Processor<String, RiskContribution, String, UserRisk> {
  static final Duration PUNCTUATE_EVERY = Duration.ofHours(1);

  private final Counter tooOld;
  private ProcessorContext<String, UserRisk> context;
  private KeyValueStore<String, RiskState> buckets;
  private KeyValueStore<String, UserRisk> risks;

  RiskProcessor(PipelineMetrics metrics) {
    this.tooOld =
        Counter.builder("sluice_risk_events_too_old")
            .description("Risk contributions older than the 30-day window when they arrived")
            .register(metrics.registry());
  }

  @Override
  public void init(ProcessorContext<String, UserRisk> context) {
    this.context = context;
    this.buckets = context.getStateStore(RiskTopology.BUCKET_STORE);
    this.risks = context.getStateStore(RiskTopology.STORE);
    context.schedule(PUNCTUATE_EVERY, PunctuationType.STREAM_TIME, this::expireAll);
  }

  @Override
  public void process(Record<String, RiskContribution> record) {
    String user = record.key();
    if (user == null || user.isBlank() || record.value() == null) {
      return;
    }
    long streamTime = Math.max(context.currentStreamTimeMs(), record.timestamp());
    if (!RiskState.inWindow(record.timestamp(), streamTime)) {
      tooOld.increment();
      return;
    }
    RiskState state = buckets.get(user);
    if (state == null) {
      state = new RiskState();
    }
    state.add(record.value(), record.timestamp());
    state.expire(streamTime);
    buckets.put(user, state);
    publish(user, state, record.timestamp());
  }

  private void expireAll(long streamTime) {
    List<KeyValue<String, RiskState>> changed = new ArrayList<>();
    try (KeyValueIterator<String, RiskState> all = buckets.all()) {
      while (all.hasNext()) {
        KeyValue<String, RiskState> entry = all.next();
        if (entry.value.expire(streamTime)) {
          changed.add(entry);
        }
      }
    }
    for (KeyValue<String, RiskState> entry : changed) {
      if (entry.value.isEmpty()) {
        buckets.delete(entry.key);
        risks.delete(entry.key);
        context.forward(new Record<>(entry.key, null, streamTime));
      } else {
        buckets.put(entry.key, entry.value);
        publish(entry.key, entry.value, streamTime);
      }
    }
  }

  private void publish(String user, RiskState state, long timestamp) {
    UserRisk risk = state.toUserRisk(user);
    if (!risk.equals(risks.get(user))) {
      risks.put(user, risk);
      context.forward(new Record<>(user, risk, timestamp));
    }
  }
}
