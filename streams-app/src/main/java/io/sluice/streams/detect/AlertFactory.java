package io.sluice.streams.detect;

import io.sluice.schemas.Alert;
import io.sluice.schemas.Entity;
import io.sluice.schemas.Evidence;
import io.sluice.schemas.RawRef;
import io.sluice.schemas.RuleRef;
import io.sluice.schemas.Severity;
import io.sluice.streams.canonical.EventIds;
import io.sluice.streams.canonical.Text;
import io.sluice.streams.config.Durations;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Builds {@link Alert} records. The id depends only on rule id, key and window end, so replays,
 * restarts and reordering before the crossing produce the same id (DESIGN §6). Text built from
 * vendor data is cleaned: a hostile user name cannot forge log lines in a SIEM.
 */
final class AlertFactory {
  static final int MAX_EVIDENCE = 10;

  private final Rule rule;

  AlertFactory(Rule rule) {
    this.rule = rule;
  }

  static String alertId(String ruleId, String key, long windowEnd) {
    return EventIds.hashOf(ruleId, key, Long.toString(windowEnd));
  }

  /**
   * @param contributing every counted event, any order
   * @param what what was counted, for the title, e.g. "10 events"
   */
  Alert build(
      String key,
      long windowStart,
      long windowEnd,
      List<RuleState.Entry> contributing,
      Integer distinctCount,
      String what,
      long now) {
    List<RuleState.Entry> events = new ArrayList<>(contributing);
    events.sort(
        Comparator.comparingLong(RuleState.Entry::time).thenComparing(RuleState.Entry::eventId));
    TreeSet<String> sources = new TreeSet<>();
    boolean vip = false;
    for (RuleState.Entry entry : events) {
      sources.add(entry.source());
      vip |= entry.vip();
    }
    List<Evidence> evidence = new ArrayList<>();
    for (RuleState.Entry entry :
        events.subList(Math.max(0, events.size() - MAX_EVIDENCE), events.size())) {
      evidence.add(
          Evidence.newBuilder()
              .setEventId(entry.eventId())
              .setSource(entry.source())
              .setTime(Instant.ofEpochMilli(entry.time()))
              .setRawRef(
                  entry.rawTopic() == null
                      ? null
                      : new RawRef(entry.rawTopic(), entry.rawPartition(), entry.rawOffset()))
              .build());
    }
    Severity severity = vip ? rule.severityVip().orElse(rule.severity()) : rule.severity();
    String entityValue = Text.clean(key, 256);
    Map<String, String> context = new LinkedHashMap<>();
    context.put("rule_type", rule.type().name().toLowerCase(java.util.Locale.ROOT));
    context.put("threshold", Integer.toString(rule.threshold()));
    context.put("window", Durations.format(rule.window()));
    if (rule.type() == Rule.Type.SEQUENCE) {
      context.put("within", Durations.format(rule.within()));
    }
    return Alert.newBuilder()
        .setAlertId(alertId(rule.id(), key, windowEnd))
        .setRule(new RuleRef(rule.id(), rule.name(), rule.version()))
        .setSeverity(severity)
        .setTitle(Text.clean(rule.name() + ": " + what + " for " + entityValue, 300))
        .setDescription(rule.description())
        .setArea(rule.area().areaName())
        .setEntity(new Entity(rule.entityType(), entityValue))
        .setVip(vip)
        .setWindowStart(Instant.ofEpochMilli(windowStart))
        .setWindowEnd(Instant.ofEpochMilli(windowEnd))
        .setFirstSeen(Instant.ofEpochMilli(events.get(0).time()))
        .setLastSeen(Instant.ofEpochMilli(events.get(events.size() - 1).time()))
        .setDetectedAt(Instant.ofEpochMilli(now))
        .setEventCount(events.size())
        .setDistinctCount(distinctCount)
        .setSources(List.copyOf(sources))
        .setEvidence(evidence)
        .setAttack(rule.attack())
        .setContext(context)
        .build();
  }
}
