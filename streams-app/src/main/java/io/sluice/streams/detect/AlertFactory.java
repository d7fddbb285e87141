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
import io.sluice.streams.detect.state.Decision;
import io.sluice.streams.detect.state.EventRef;
import io.sluice.streams.detect.state.PartitionState;
import io.sluice.streams.sigma.SigmaCorrelationRule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Builds {@link Alert} records from a slot's {@link Decision}. The id depends only on rule id, key
 * and window end, so replays, restarts and reordering before the crossing produce the same id
 * (docs/design.md §6). Text built from vendor data is cleaned: a hostile user name cannot forge log
 * lines in a SIEM.
 */
final class AlertFactory {
  static String alertId(String ruleId, String key, long windowEnd) {
    return EventIds.hashOf(ruleId, key, Long.toString(windowEnd));
  }

  /**
   * @param vip whether the entity is a VIP now, when the alert is decided
   * @param now processing time, for {@code detected_at}
   */
  Alert build(
      Rule rule, String key, Decision decision, PartitionState feeds, boolean vip, long now) {
    TreeSet<String> sources = new TreeSet<>();
    for (int s : decision.sources()) {
      sources.add(feeds.source(s).name);
    }
    List<Evidence> evidence = new ArrayList<>();
    List<EventRef> refs = decision.evidence();
    for (EventRef ref : refs.subList(Math.max(0, refs.size() - 10), refs.size())) {
      PartitionState.Source source = feeds.source(ref.source());
      sources.add(source.name);
      evidence.add(
          Evidence.newBuilder()
              .setEventId(ref.eventId())
              .setSource(source.name)
              .setTime(Instant.ofEpochMilli(ref.time()))
              .setRawRef(
                  ref.partition() < 0 || source.rawTopic.isEmpty()
                      ? null
                      : new RawRef(source.rawTopic, ref.partition(), ref.offset()))
              .build());
    }
    Severity severity = vip ? rule.severityVip().orElse(rule.severity()) : rule.severity();
    String entityValue = Text.clean(key, 256);
    Map<String, String> context = new LinkedHashMap<>();
    context.put("rule_type", ruleType(rule));
    // the Detection Rule License asks that messages based on a Sigma rule's matches keep its author
    rule.sigma()
        .flatMap(b -> b.source().metadata().author())
        .ifPresent(author -> context.put("sigma_author", author));
    context.put("threshold", Integer.toString(rule.threshold()));
    rule.sigma()
        .flatMap(b -> b.upperBound().stream().boxed().findFirst())
        .ifPresent(upper -> context.put("upper_bound", Long.toString(upper)));
    context.put("window", Durations.format(rule.window()));
    if (rule.type() == Rule.Type.SEQUENCE) {
      context.put("within", Durations.format(rule.within()));
    }
    if (decision.eventCountCapped()) {
      context.put("event_count", "at least " + decision.eventCount());
    }
    long firstSeen =
        decision.firstSeen() == Long.MIN_VALUE ? decision.windowEnd() : decision.firstSeen();
    return Alert.newBuilder()
        .setAlertId(alertId(rule.id(), key, decision.windowEnd()))
        .setRule(new RuleRef(rule.id(), rule.name(), rule.version()))
        .setSeverity(severity)
        .setTitle(
            Text.clean(rule.name() + ": " + what(rule, decision) + " for " + entityValue, 300))
        .setDescription(rule.description())
        .setArea(rule.area().areaName())
        .setEntity(new Entity(rule.entityType(), entityValue))
        .setVip(vip)
        .setWindowStart(Instant.ofEpochMilli(decision.windowStart()))
        .setWindowEnd(Instant.ofEpochMilli(decision.windowEnd()))
        .setFirstSeen(Instant.ofEpochMilli(firstSeen))
        .setLastSeen(Instant.ofEpochMilli(decision.windowEnd()))
        .setDetectedAt(Instant.ofEpochMilli(now))
        .setEventCount(decision.eventCount())
        .setDistinctCount(decision.distinctCount())
        .setSources(List.copyOf(sources))
        .setEvidence(evidence)
        .setAttack(rule.attack())
        .setContext(context)
        .build();
  }

  /** {@code threshold} or {@code sequence}; for a Sigma rule, its kind. */
  private static String ruleType(Rule rule) {
    return rule.sigma()
        .map(
            b ->
                "sigma "
                    + (b.source() instanceof SigmaCorrelationRule c
                        ? c.type().sigmaName()
                        : "detection"))
        .orElse(rule.type().name().toLowerCase(Locale.ROOT));
  }

  /** What was counted, for the title, e.g. "10 events within 10m". */
  private static String what(Rule rule, Decision decision) {
    if (rule.sigma().isPresent()) {
      return sigmaWhat(rule, decision);
    }
    if (rule.type() == Rule.Type.SEQUENCE) {
      int a = decision.firstStepCount();
      return a
          + " matching "
          + rule.first().input().ruleName()
          + (a == 1 ? " event" : " events")
          + ", then a matching "
          + rule.last().input().ruleName()
          + " event within "
          + Durations.format(rule.within());
    }
    if (decision.distinctCount() != null) {
      return decision.distinctCount()
          + " distinct "
          + rule.distinctField().get().path()
          + " within "
          + Durations.format(rule.window());
    }
    return decision.eventCount() + " events within " + Durations.format(rule.window());
  }

  private static String sigmaWhat(Rule rule, Decision decision) {
    if (!(rule.sigma().get().source() instanceof SigmaCorrelationRule c)) {
      return "matching " + rule.sigma().get().feeds().get(0).feed().source() + " event";
    }
    String timespan = Durations.format(c.timespan());
    return switch (c.type()) {
      case VALUE_COUNT ->
          decision.distinctCount()
              + " distinct "
              + c.valueField().orElse("")
              + " within "
              + timespan;
      case TEMPORAL ->
          decision.distinctCount()
              + " of "
              + String.join(", ", c.rules().stream().map(r -> r.target().title()).toList())
              + " within "
              + timespan;
      case TEMPORAL_ORDERED ->
          String.join(" then ", c.rules().stream().map(r -> r.target().title()).toList())
              + " within "
              + timespan;
      default -> decision.eventCount() + " events within " + timespan;
    };
  }
}
