package io.sluice.streams.detect;

import io.sluice.schemas.Alert;
import io.sluice.schemas.EventMetadata;
import io.sluice.schemas.RawRef;
import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.canonical.CanonicalRecords;
import io.sluice.streams.metrics.PipelineMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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
 * What every rule processor shares: its store, the grace check for late events, the per-hour alert
 * cap, and the stream-time purge of keys with nothing left to count.
 *
 * @param <S> the per-key state
 */
abstract class RuleProcessor<S> implements Processor<String, SpecificRecord, String, Alert> {
  protected final Rule rule;
  protected final PipelineMetrics metrics;
  protected final AlertFactory alerts;
  protected final long grace;
  private final TreeMap<Long, Integer> alertsPerHour = new TreeMap<>();
  private final Map<CanonicalClass, FieldPath> vipPaths = new EnumMap<>(CanonicalClass.class);
  protected ProcessorContext<String, Alert> context;
  protected KeyValueStore<String, S> store;

  RuleProcessor(Rule rule, PipelineMetrics metrics) {
    this.rule = rule;
    this.metrics = metrics;
    this.alerts = new AlertFactory(rule);
    this.grace = rule.grace().toMillis();
  }

  @Override
  public final void init(ProcessorContext<String, Alert> context) {
    this.context = context;
    this.store = context.getStateStore(rule.storeName());
    Duration horizon = rule.retention().minus(rule.grace());
    Duration purgeEvery =
        horizon.compareTo(Duration.ofHours(1)) > 0
            ? Duration.ofHours(1)
            : horizon.compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1) : horizon;
    context.schedule(purgeEvery, PunctuationType.STREAM_TIME, this::purgeIdleKeys);
  }

  @Override
  public final void process(Record<String, SpecificRecord> record) {
    if (record.key() == null) {
      return;
    }
    long streamTime = context.currentStreamTimeMs();
    if (record.timestamp() < streamTime - grace) {
      metrics.lateEvent(rule.id());
      return;
    }
    process(record.key(), record.timestamp(), record.value(), streamTime);
  }

  /** Handles one in-grace event of a key. */
  protected abstract void process(String key, long time, SpecificRecord value, long streamTime);

  /** Prunes what no future alert can count; true when nothing is left to keep. */
  protected abstract boolean pruneIsIdle(S state, long streamTime);

  /** Emits the alert unless the rule's hourly cap is reached. */
  protected final void emit(String key, Alert alert) {
    long windowEnd = alert.getWindowEnd().toEpochMilli();
    if (!underCap(windowEnd)) {
      metrics.alertCapped(rule.id());
      return;
    }
    metrics.alert(rule.id(), alert.getSeverity().name());
    context.forward(new Record<>(key, alert, windowEnd));
  }

  protected final RuleState.Entry entry(long time, SpecificRecord value, String distinct) {
    EventMetadata metadata = CanonicalRecords.metadata(value);
    RawRef raw = metadata.getRawRef();
    Object vip =
        CanonicalClass.ofRecord(value)
            .map(c -> vipPaths.computeIfAbsent(c, RuleProcessor::vipPath).get(value))
            .orElse(null);
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

  private static FieldPath vipPath(CanonicalClass c) {
    return FieldPath.resolve(c.schema(), c.vipField())
        .orElseThrow(() -> new IllegalStateException("no VIP field in " + c));
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

  private void purgeIdleKeys(long streamTime) {
    List<String> idle = new ArrayList<>();
    try (KeyValueIterator<String, S> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<String, S> next = all.next();
        if (pruneIsIdle(next.value, streamTime)) {
          idle.add(next.key);
        }
      }
    }
    idle.forEach(store::delete);
  }
}
