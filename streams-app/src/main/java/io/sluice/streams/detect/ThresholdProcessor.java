package io.sluice.streams.detect;

import io.sluice.schemas.Alert;
import io.sluice.schemas.EventMetadata;
import io.sluice.schemas.RawRef;
import io.sluice.streams.canonical.CanonicalRecords;
import io.sluice.streams.metrics.PipelineMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs one {@code threshold} rule over records already keyed by its group key (DESIGN §6): counts
 * matching events over the sliding event-time window {@code (t - window, t]} and emits one alert on
 * the event that makes the count reach the threshold — not at window close, and not again for that
 * key until {@code suppress} has passed in event time.
 *
 * <p>Late events (older than stream time minus grace) are counted in {@code sluice_late_events} and
 * ignored. State per key holds only the events that a future window can still contain, and idle
 * keys are purged on a stream-time punctuation.
 */
final class ThresholdProcessor implements Processor<String, SpecificRecord, String, Alert> {
  private final Rule rule;
  private final PipelineMetrics metrics;
  private final AlertFactory alerts;
  private final long window;
  private final long grace;
  private final long suppress;
  private final TreeMap<Long, Integer> alertsPerHour = new TreeMap<>();
  private ProcessorContext<String, Alert> context;
  private KeyValueStore<String, RuleState> store;

  ThresholdProcessor(Rule rule, PipelineMetrics metrics) {
    this.rule = rule;
    this.metrics = metrics;
    this.alerts = new AlertFactory(rule);
    this.window = rule.window().toMillis();
    this.grace = rule.grace().toMillis();
    this.suppress = rule.suppress().toMillis();
  }

  @Override
  public void init(ProcessorContext<String, Alert> context) {
    this.context = context;
    this.store = context.getStateStore(rule.storeName());
    Duration purgeEvery =
        rule.window().compareTo(Duration.ofHours(1)) > 0
            ? Duration.ofHours(1)
            : rule.window().compareTo(Duration.ofMinutes(1)) < 0
                ? Duration.ofMinutes(1)
                : rule.window();
    context.schedule(purgeEvery, PunctuationType.STREAM_TIME, this::purgeIdleKeys);
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    String key = record.key();
    if (key == null) {
      return;
    }
    long t = record.timestamp();
    long streamTime = context.currentStreamTimeMs();
    if (t < streamTime - grace) {
      metrics.lateEvent(rule.id());
      return;
    }
    EventMetadata metadata = CanonicalRecords.metadata(record.value());
    RuleState state = store.get(key);
    if (state == null) {
      state = new RuleState();
    }
    state.pruneUpTo(streamTime - grace - window);
    if (!state.insert(entry(t, metadata, record.value()))) {
      return;
    }
    OptionalLong crossing =
        state.earliestCrossing(t, window, rule.threshold(), rule.distinctField().isPresent());
    if (crossing.isPresent()) {
      long end = crossing.getAsLong();
      state.suppressUntil(end + suppress);
      if (underCap(end)) {
        Alert alert =
            alerts.build(key, end, state.window(end, window), context.currentSystemTimeMs());
        metrics.alert(rule.id(), alert.getSeverity().name());
        context.forward(new Record<>(key, alert, end));
      } else {
        metrics.alertCapped(rule.id());
      }
    }
    store.put(key, state);
  }

  private RuleState.Entry entry(long time, EventMetadata metadata, SpecificRecord value) {
    RawRef raw = metadata.getRawRef();
    String distinct = rule.distinctField().map(f -> f.getText(value)).orElse(null);
    Object vip = rule.input().vipField() == null ? null : vipPath().get(value);
    return new RuleState.Entry(
        time,
        metadata.getEventId(),
        metadata.getSource(),
        distinct,
        Boolean.TRUE.equals(vip),
        raw == null ? null : raw.getTopic(),
        raw == null ? -1 : raw.getPartition(),
        raw == null ? -1L : raw.getOffset());
  }

  private FieldPath vipPath;

  private FieldPath vipPath() {
    if (vipPath == null) {
      vipPath =
          FieldPath.resolve(rule.input().schema(), rule.input().vipField())
              .orElseThrow(() -> new IllegalStateException("no VIP field in " + rule.input()));
    }
    return vipPath;
  }

  /**
   * {@code max_alerts_per_hour}: at most that many alerts per hour of event time for this rule, in
   * this task. The count lives in memory: after a restart the hour's count starts again.
   */
  private boolean underCap(long windowEnd) {
    if (rule.maxAlertsPerHour().isEmpty()) {
      return true;
    }
    long hour = windowEnd / Duration.ofHours(1).toMillis();
    alertsPerHour.headMap(hour - 24).clear();
    int emitted = alertsPerHour.getOrDefault(hour, 0);
    if (emitted >= rule.maxAlertsPerHour().get()) {
      return false;
    }
    alertsPerHour.put(hour, emitted + 1);
    return true;
  }

  /** Deletes keys with no event a future window can contain and no suppression still running. */
  private void purgeIdleKeys(long streamTime) {
    long eventCutoff = streamTime - grace - window;
    List<String> idle = new ArrayList<>();
    try (KeyValueIterator<String, RuleState> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<String, RuleState> next = all.next();
        RuleState state = next.value;
        state.pruneUpTo(eventCutoff);
        if (state.isEmpty() && state.lowerBound() <= streamTime - grace) {
          idle.add(next.key);
        }
      }
    }
    idle.forEach(store::delete);
  }
}
