package io.sluice.streams.detect;

import io.sluice.schemas.Alert;
import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.detect.state.KeyState;
import io.sluice.streams.detect.state.PartitionState;
import io.sluice.streams.enrich.VipLookup;
import io.sluice.streams.enrich.VipStore;
import io.sluice.streams.metrics.PipelineMetrics;
import io.sluice.streams.risk.RiskContribution;
import io.sluice.streams.risk.UserRiskLedger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs every rule of one key type (docs/design.md §6): one processor, one cached store, the rules
 * read as data. The user processor reads the canonical topics themselves (they are keyed by user)
 * and also keeps user risk in the same records; the others read compact {@link Sighting}s
 * repartitioned by their key.
 *
 * <p>State per key is a {@link KeyState} record; the partition's feed clocks and alert caps are one
 * reserved record of the same store, so everything rolls back together with an aborted transaction.
 * An event that matches nothing costs no store access. Keys nothing can use any more are deleted by
 * a scan that runs on wall-clock time (stream time stalls without input) and decides by event time.
 *
 * @param <V> canonical records (user processor) or sightings (other key types)
 */
public final class DetectProcessor<V> implements Processor<String, V, String, DetectOutput> {
  /** Group keys never start with this; the partition record's key does. */
  static final char RESERVED_PREFIX = '\u0000';

  static final String PARTITION_KEY = RESERVED_PREFIX + "partition";

  private static final Duration SCAN_EVERY = Duration.ofSeconds(1);
  private static final long SCAN_BUDGET_NANOS = Duration.ofMillis(10).toNanos();

  /**
   * Keys a scan slice visits whatever the time budget says (a few microseconds each), so that a
   * small store is always scanned whole in one slice: which windows of upper-bound rules a slice
   * closes must not depend on how fast the machine is (docs/sigma.md, "Upper bounds").
   */
  private static final int SCAN_MIN_KEYS = 64;

  private final KeyType keyType;
  private final String storeName;
  private final RuleBook rules;
  private final Matcher matcher;
  private final Detector detector;
  private final PipelineMetrics metrics;
  private final AlertFactory alerts = new AlertFactory();
  private final boolean risk;
  private ProcessorContext<String, DetectOutput> context;
  private KeyValueStore<String, byte[]> store;
  private VipLookup vips;
  private PartitionState partition;
  private String scanCursor;
  private long scanLargest;

  /**
   * @param horizon {@code time.horizon}: how far behind its feed's newest event an event still
   *     counts
   */
  public DetectProcessor(
      KeyType keyType, RuleBook rules, Duration horizon, PipelineMetrics metrics) {
    this.keyType = keyType;
    this.storeName = keyType.storeName(); // not per event: the name is derived with a regex
    this.rules = rules;
    this.matcher = new Matcher(rules, keyType);
    this.metrics = metrics;
    this.risk = keyType.isUser();
    this.detector =
        new Detector(
            rules, horizon.toMillis(), (rule, source) -> metrics.lateEvent(rule.id(), source));
  }

  @Override
  public void init(ProcessorContext<String, DetectOutput> context) {
    this.context = context;
    this.store = context.getStateStore(storeName);
    this.vips = VipStore.lookup(context);
    this.partition = PartitionState.fromBytes(store.get(PARTITION_KEY));
    this.scanCursor = null;
    context.schedule(SCAN_EVERY, PunctuationType.WALL_CLOCK_TIME, now -> scan());
  }

  @Override
  public void process(Record<String, V> record) {
    String key = record.key();
    if (key == null || key.isEmpty() || key.charAt(0) == RESERVED_PREFIX) {
      return;
    }
    Sighting sighting;
    Optional<RiskContribution> contribution = Optional.empty();
    if (record.value() instanceof Sighting s) {
      sighting = s;
    } else if (record.value() instanceof SpecificRecord canonical) {
      CanonicalClass c = CanonicalClass.ofRecord(canonical).orElse(null);
      if (c == null) {
        return;
      }
      sighting = matcher.match(c, key, canonical, vips).get(key);
      if (risk) {
        contribution = RiskContribution.of(canonical);
      }
    } else {
      return;
    }
    if (sighting == null && contribution.isEmpty()) {
      return; // matches no rule and adds no risk: no store access at all
    }
    byte[] before = store.get(key);
    KeyState state = before == null ? new KeyState() : KeyState.fromBytes(before, this::specOf);
    List<Detector.Fired> fired;
    if (sighting != null) {
      fired = detector.apply(state, partition, sighting);
    } else {
      fired = List.of();
      observe((SpecificRecord) record.value());
    }
    List<Alert> emitted = raise(key, fired);
    if (risk) {
      long time = contribution.isPresent() ? eventTime(record, sighting) : partition.newestClock();
      contribution.ifPresent(c -> addRisk(key, state, c, time));
      addAlertRisk(key, state, emitted);
    }
    save(key, before, state);
    savePartition();
  }

  /** A record that only adds risk still moves its feed's clock (risk decays by it). */
  private void observe(SpecificRecord canonical) {
    var metadata = io.sluice.streams.canonical.CanonicalRecords.metadata(canonical);
    int source =
        partition.source(
            metadata.getSource(),
            metadata.getRawRef() == null ? null : metadata.getRawRef().getTopic());
    partition.observe(
        source,
        CanonicalClass.ofRecord(canonical).orElseThrow().ordinal(),
        metadata.getTime().toEpochMilli());
  }

  private long eventTime(Record<String, V> record, Sighting sighting) {
    return sighting != null ? sighting.time() : record.timestamp();
  }

  /** Raises the alerts of a key's decisions; returns those the hourly caps let through. */
  private List<Alert> raise(String key, List<Detector.Fired> fired) {
    List<Alert> emitted = new ArrayList<>(fired.size());
    for (Detector.Fired f : fired) {
      Alert alert = decide(key, f);
      if (alert != null) {
        emitted.add(alert);
      }
    }
    return emitted;
  }

  private void addAlertRisk(String user, KeyState state, List<Alert> emitted) {
    for (Alert alert : emitted) {
      RiskContribution.of(alert)
          .ifPresent(c -> addRisk(user, state, c, alert.getWindowEnd().toEpochMilli()));
    }
  }

  /** The alert a decision raises, or null when the rule's hourly cap holds it back. */
  private Alert decide(String key, Detector.Fired fired) {
    CompiledRule rule = fired.rule();
    long end = fired.decision().windowEnd();
    Optional<Integer> cap = rule.rule().maxAlertsPerHour();
    if (cap.isPresent() && !partition.underCap(rule.fingerprint(), end, cap.get())) {
      metrics.alertCapped(rule.id());
      return null;
    }
    // a user entity is a VIP if listed now; for an IP, a URL or a file, if a VIP's event counted
    boolean vip = keyType.isUser() ? vips.isVipKey(key) : fired.decision().vip();
    Alert alert =
        alerts.build(
            rule.rule(), key, fired.decision(), partition, vip, context.currentSystemTimeMs());
    metrics.alert(rule.id(), alert.getSeverity().name());
    context.forward(
        new Record<>(key, new DetectOutput.AlertOut(rule.rule().area().topic(), alert), end));
    return alert;
  }

  private void addRisk(String user, KeyState state, RiskContribution c, long time) {
    long now = Math.max(partition.newestClock(), time);
    if (!UserRiskLedger.inWindow(time, now)) {
      metrics.riskTooOld();
      return;
    }
    UserRiskLedger.Update update =
        UserRiskLedger.add(user, state.risk(), c, time, now, vips.isVipKey(user));
    state.risk(update.state());
    if (update.changed()) {
      context.forward(new Record<>(user, new DetectOutput.RiskOut(update.risk()), time));
    }
  }

  private io.sluice.streams.detect.state.SlotSpec specOf(int fingerprint) {
    CompiledRule rule = rules.current().byFingerprint(fingerprint);
    return rule == null ? null : rule.spec();
  }

  private void save(String key, byte[] before, KeyState state) {
    if (state.isEmpty()) {
      if (before != null) {
        store.delete(key);
      }
      return;
    }
    byte[] after = state.toBytes();
    if (before == null || !Arrays.equals(before, after)) {
      store.put(key, after);
      metrics.stateRecordSize(storeName, context.taskId().partition(), after.length);
    }
  }

  private void savePartition() {
    if (partition.dirty()) {
      store.put(PARTITION_KEY, partition.toBytes());
      partition.clean();
    }
  }

  /**
   * One slice of the idle-key scan: prunes keys from where the last slice stopped, for at most a
   * few milliseconds (and at least {@link #SCAN_MIN_KEYS} keys); deletes keys with nothing left
   * (one tombstone each, once), republishes a user's risk when days left its window, and raises the
   * alerts of upper-bound windows the clocks have closed.
   */
  private void scan() {
    long deadline = System.nanoTime() + SCAN_BUDGET_NANOS;
    List<KeyValue<String, byte[]>> changes = new ArrayList<>();
    boolean finished = false;
    int visited = 0;
    String last = scanCursor;
    try (KeyValueIterator<String, byte[]> it =
        scanCursor == null ? store.all() : store.range(scanCursor, null)) {
      while (true) {
        if (!it.hasNext()) {
          finished = true;
          break;
        }
        KeyValue<String, byte[]> entry = it.next();
        if (entry.key.equals(scanCursor) || entry.key.charAt(0) == RESERVED_PREFIX) {
          continue;
        }
        last = entry.key;
        scanLargest = Math.max(scanLargest, entry.value.length);
        KeyState state = KeyState.fromBytes(entry.value, this::specOf);
        // windows of upper-bound rules close here too, so a key with no more events is decided
        List<Alert> emitted = raise(entry.key, detector.pruneAll(state, partition));
        if (risk) {
          addAlertRisk(entry.key, state, emitted);
          expireRisk(entry.key, state);
        }
        byte[] after = state.isEmpty() ? null : state.toBytes();
        if (after == null || !Arrays.equals(after, entry.value)) {
          changes.add(KeyValue.pair(entry.key, after));
        }
        visited++;
        if (visited >= SCAN_MIN_KEYS && System.nanoTime() > deadline) {
          break;
        }
      }
    }
    for (KeyValue<String, byte[]> change : changes) {
      if (change.value == null) {
        store.delete(change.key);
      } else {
        store.put(change.key, change.value);
      }
    }
    savePartition(); // hourly caps counted by alerts of closed windows
    scanCursor = finished ? null : last;
    if (finished) {
      metrics.resetStateRecordSize(storeName, context.taskId().partition(), scanLargest);
      scanLargest = 0;
    }
  }

  private void expireRisk(String user, KeyState state) {
    long now = partition.newestClock();
    if (state.risk() == null || now == Long.MIN_VALUE) {
      return;
    }
    UserRiskLedger.Update update =
        UserRiskLedger.expire(user, state.risk(), now, vips.isVipKey(user));
    state.risk(update.state());
    if (update.changed()) {
      context.forward(new Record<>(user, new DetectOutput.RiskOut(update.risk()), now));
    }
  }
}
