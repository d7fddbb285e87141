package io.sluice.streams.detect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.schemas.Alert;
import io.sluice.schemas.Evidence;
import io.sluice.schemas.Severity;
import java.util.Locale;
import java.util.Map;

/**
 * An {@link Alert} as an OCSF 1.1 Detection Finding (class_uid 2004), for SIEMs that ingest OCSF.
 * The mapping is documented in docs/ocsf.md; anything without an OCSF home goes to {@code
 * unmapped}, as OCSF intends.
 */
public final class OcsfDetectionFinding {
  /** Every alert, as OCSF JSON, keyed like the Avro alert. */
  public static final String TOPIC = "alerts.ocsf-json";

  public static final String OCSF_VERSION = "1.1.0";
  static final int CLASS_UID = 2004;
  static final int CATEGORY_UID = 2;
  static final int ACTIVITY_CREATE = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  private OcsfDetectionFinding() {}

  public static String toJson(Alert alert) {
    return toNode(alert).toString();
  }

  static ObjectNode toNode(Alert alert) {
    ObjectNode f = JSON.createObjectNode();
    f.put("class_uid", CLASS_UID);
    f.put("class_name", "Detection Finding");
    f.put("category_uid", CATEGORY_UID);
    f.put("category_name", "Findings");
    f.put("activity_id", ACTIVITY_CREATE);
    f.put("activity_name", "Create");
    f.put("type_uid", CLASS_UID * 100 + ACTIVITY_CREATE);
    f.put("type_name", "Detection Finding: Create");
    f.put("severity_id", severityId(alert.getSeverity()));
    f.put("severity", severityName(alert.getSeverity()));
    f.put("status_id", 1);
    f.put("status", "New");
    f.put("time", alert.getDetectedAt().toEpochMilli());
    f.put("message", alert.getTitle());

    ObjectNode info = f.putObject("finding_info");
    info.put("uid", alert.getAlertId());
    info.put("title", alert.getTitle());
    if (alert.getDescription() != null) {
      info.put("desc", alert.getDescription());
    }
    info.putArray("types").add(alert.getArea());
    info.put("created_time", alert.getDetectedAt().toEpochMilli());
    info.put("first_seen_time", alert.getFirstSeen().toEpochMilli());
    info.put("last_seen_time", alert.getLastSeen().toEpochMilli());
    ObjectNode analytic = info.putObject("analytic");
    analytic.put("name", alert.getRule().getName());
    analytic.put("uid", alert.getRule().getId());
    analytic.put("type", "Rule");
    analytic.put("type_id", 1);
    analytic.put("version", Integer.toString(alert.getRule().getVersion()));

    ArrayNode attacks = f.putArray("attacks");
    for (String id : alert.getAttack()) {
      ObjectNode attack = attacks.addObject();
      if (id.startsWith("TA")) {
        attack.putObject("tactic").put("uid", id);
      } else {
        attack.putObject("technique").put("uid", id);
      }
      attack.put("version", "v15");
    }

    ArrayNode evidences = f.putArray("evidences");
    for (Evidence e : alert.getEvidence()) {
      ObjectNode data = evidences.addObject().putObject("data");
      data.put("event_id", e.getEventId());
      data.put("source", e.getSource());
      data.put("time", e.getTime().toEpochMilli());
      if (e.getRawRef() != null) {
        ObjectNode ref = data.putObject("raw_ref");
        ref.put("topic", e.getRawRef().getTopic());
        ref.put("partition", e.getRawRef().getPartition());
        ref.put("offset", e.getRawRef().getOffset());
      }
    }

    ObjectNode observable = f.putArray("observables").addObject();
    observable.put("name", alert.getEntity().getType());
    observable.put("value", alert.getEntity().getValue());
    int typeId = observableType(alert.getEntity().getType(), alert.getEntity().getValue());
    observable.put("type_id", typeId);
    observable.put("type", observableTypeName(typeId));

    ObjectNode metadata = f.putObject("metadata");
    metadata.put("version", OCSF_VERSION);
    metadata.put("uid", alert.getAlertId());
    ObjectNode product = metadata.putObject("product");
    product.put("name", "Sluice");
    product.put("vendor_name", "Sluice");
    String version = OcsfDetectionFinding.class.getPackage().getImplementationVersion();
    product.put("version", version == null ? "dev" : version);

    ObjectNode unmapped = f.putObject("unmapped");
    unmapped.put("window_start", alert.getWindowStart().toString());
    unmapped.put("window_end", alert.getWindowEnd().toString());
    unmapped.put("event_count", alert.getEventCount());
    if (alert.getDistinctCount() != null) {
      unmapped.put("distinct_count", alert.getDistinctCount());
    }
    unmapped.put("vip", alert.getVip());
    ArrayNode sources = unmapped.putArray("sources");
    alert.getSources().forEach(sources::add);
    ObjectNode context = unmapped.putObject("context");
    for (Map.Entry<String, String> e : alert.getContext().entrySet()) {
      context.put(e.getKey(), e.getValue());
    }
    return f;
  }

  /**
   * OCSF severity_id: 0 Unknown, 1 Informational, 2 Low, 3 Medium, 4 High, 5 Critical, 6 Fatal, 99
   * Other.
   */
  static int severityId(Severity severity) {
    switch (severity) {
      case INFORMATIONAL:
        return 1;
      case LOW:
        return 2;
      case MEDIUM:
        return 3;
      case HIGH:
        return 4;
      case CRITICAL:
        return 5;
      case FATAL:
        return 6;
      case OTHER:
        return 99;
      default:
        return 0;
    }
  }

  private static String severityName(Severity severity) {
    String name = severity.name().toLowerCase(Locale.ROOT);
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  /**
   * OCSF observable type_id: 2 IP Address, 5 Email Address, 4 User Name, 7 File Name... 99 Other.
   */
  static int observableType(String entityType, String value) {
    if (entityType.contains("+")) {
      return 99;
    }
    if (entityType.endsWith("ip")) {
      return 2;
    }
    if (entityType.endsWith(".name") && value.contains("@")) {
      return 5;
    }
    if (entityType.endsWith(".name")) {
      return 4;
    }
    if (entityType.equals("url")) {
      return 6;
    }
    if (entityType.endsWith("sha256")) {
      return 8;
    }
    return 99;
  }

  private static String observableTypeName(int typeId) {
    switch (typeId) {
      case 2:
        return "IP Address";
      case 4:
        return "User Name";
      case 5:
        return "Email Address";
      case 6:
        return "URL String";
      case 8:
        return "Hash";
      default:
        return "Other";
    }
  }
}
