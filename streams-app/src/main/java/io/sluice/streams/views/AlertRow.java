package io.sluice.streams.views;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.sluice.schemas.Alert;
import io.sluice.schemas.Evidence;
import java.util.List;

/**
 * An alert as the views show it: what fired, on whom, and the evidence refs that lead back to the
 * raw records (topic, partition, offset). Small on purpose: the views keep only the latest few per
 * area and partition.
 */
record AlertRow(
    @JsonProperty("alert_id") String alertId,
    @JsonProperty("rule") String rule,
    @JsonProperty("title") String title,
    @JsonProperty("severity") String severity,
    @JsonProperty("area") String area,
    @JsonProperty("entity_type") String entityType,
    @JsonProperty("entity") String entity,
    @JsonProperty("vip") boolean vip,
    @JsonProperty("detected_at") long detectedAt,
    @JsonProperty("event_count") int eventCount,
    @JsonProperty("sources") List<String> sources,
    @JsonProperty("evidence") List<Ref> evidence) {

  /** One contributing event: its id, feed, time and where its raw record is. */
  record Ref(
      @JsonProperty("event_id") String eventId,
      @JsonProperty("source") String source,
      @JsonProperty("time") long time,
      @JsonProperty("raw") String raw) {}

  static AlertRow of(Alert alert) {
    return new AlertRow(
        alert.getAlertId(),
        alert.getRule().getId(),
        alert.getTitle(),
        alert.getSeverity().name(),
        alert.getArea(),
        alert.getEntity().getType(),
        alert.getEntity().getValue(),
        alert.getVip(),
        alert.getDetectedAt().toEpochMilli(),
        alert.getEventCount(),
        List.copyOf(alert.getSources()),
        alert.getEvidence().stream().map(AlertRow::ref).toList());
  }

  private static Ref ref(Evidence e) {
    String raw =
        e.getRawRef() == null
            ? null
            : e.getRawRef().getTopic()
                + "/"
                + e.getRawRef().getPartition()
                + "@"
                + e.getRawRef().getOffset();
    return new Ref(e.getEventId(), e.getSource(), e.getTime().toEpochMilli(), raw);
  }
}
