package io.sluice.connectors.mimecast;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Mimecast log endpoints that share the POST envelope, with where their records and fields are
 * (docs/feeds/mimecast-*.md, after Elastic's cel/httpjson inputs). Request filters beyond the time
 * window are the ones Elastic sends; the attachment filters are a guess there, so only the window
 * is sent for it.
 */
enum MimecastLog {
  TTP_URL(
      "ttp-url",
      "/api/ttp/url/get-logs",
      "clickLogs",
      "date",
      null,
      "from",
      "to",
      Map.of("route", "all", "scanResult", "all", "oldestFirst", false)),
  TTP_ATTACHMENT(
      "ttp-attachment",
      "/api/ttp/attachment/get-logs",
      "attachmentLogs",
      "date",
      null,
      "from",
      "to",
      Map.of()),
  TTP_IMPERSONATION(
      "ttp-impersonation",
      "/api/ttp/impersonation/get-logs",
      "impersonationLogs",
      "eventTime",
      "id",
      "from",
      "to",
      Map.of("oldestFirst", false)),
  DLP("dlp", "/api/dlp/get-logs", "dlpLogs", "eventTime", null, "from", "to", Map.of()),
  AUDIT(
      "audit",
      "/api/audit/get-audit-events",
      null,
      "eventTime",
      "id",
      "startDateTime",
      "endDateTime",
      Map.of());

  final String feed;
  final String path;

  /** The array in each {@code data[]} element holding records; null: {@code data[]} is flat. */
  final String logsField;

  final String timeField;

  /** The vendor's event id, or null when the log has none (the key is then the bytes' hash). */
  final String idField;

  final String fromField;
  final String toField;
  final Map<String, Object> filters;

  MimecastLog(
      String feed,
      String path,
      String logsField,
      String timeField,
      String idField,
      String fromField,
      String toField,
      Map<String, Object> filters) {
    this.feed = feed;
    this.path = path;
    this.logsField = logsField;
    this.timeField = timeField;
    this.idField = idField;
    this.fromField = fromField;
    this.toField = toField;
    this.filters = new LinkedHashMap<>(filters);
  }

  String source() {
    return "mimecast." + feed;
  }

  String topic() {
    return "raw.mimecast." + feed;
  }
}
