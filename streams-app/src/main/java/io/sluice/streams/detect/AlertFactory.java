package io.sluice.streams.detect;

import io.sluice.schemas.Alert;
import io.sluice.schemas.Entity;
import io.sluice.schemas.Evidence;
import io.sluice.schemas.RawRef;
import io.sluice.schemas.RuleRef;
import io.sluice.schemas.Severity;
import io.sluice.streams.canonical.EventIds;
import io.sluice.streams.canonical.Text;
import java.time.Instant;
import java.util.ArrayList;
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

  Alert build(String key, long windowEnd, List<RuleState.Entry> window, long now) {
    TreeSet<String> sources = new TreeSet<>();
    TreeSet<String> distinct = new TreeSet<>();
    boolean vip = false;
    for (RuleState.Entry entry : window) {
      sources.add(entry.source());
      if (entry.distinct() != null) {
        distinct.add(entry.distinct());
      }
      vip |= entry.vip();
    }
    List<Evidence> evidence = new ArrayList<>();
    for (RuleState.Entry entry :
        window.subList(Math.max(0, window.size() - MAX_EVIDENCE), window.size())) {
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
    boolean countsDistinct = rule.distinctField().isPresent();
    int counted = countsDistinct ? distinct.size() : window.size();
    String entityValue = Text.clean(key, 256);
    String what =
        countsDistinct
            ? counted + " distinct " + rule.distinctField().get().path()
            : counted + " events";
    Map<String, String> context = new LinkedHashMap<>();
    context.put("threshold", Integer.toString(rule.threshold()));
    context.put("window", Durations.format(rule.window()));
    return Alert.newBuilder()
        .setAlertId(alertId(rule.id(), key, windowEnd))
        .setRule(new RuleRef(rule.id(), rule.name(), rule.version()))
        .setSeverity(severity)
        .setTitle(
            Text.clean(
                rule.name()
                    + ": "
                    + what
                    + " for "
                    + entityValue
                    + " within "
                    + Durations.format(rule.window()),
                300))
        .setDescription(rule.description())
        .setArea(rule.area().areaName())
        .setEntity(new Entity(rule.entityType(), entityValue))
        .setVip(vip)
        .setWindowStart(Instant.ofEpochMilli(windowEnd - rule.window().toMillis()))
        .setWindowEnd(Instant.ofEpochMilli(windowEnd))
        .setFirstSeen(Instant.ofEpochMilli(window.get(0).time()))
        .setLastSeen(Instant.ofEpochMilli(window.get(window.size() - 1).time()))
        .setDetectedAt(Instant.ofEpochMilli(now))
        .setEventCount(window.size())
        .setDistinctCount(countsDistinct ? distinct.size() : null)
        .setSources(List.copyOf(sources))
        .setEvidence(evidence)
        .setAttack(rule.attack())
        .setContext(context)
        .build();
  }
}
