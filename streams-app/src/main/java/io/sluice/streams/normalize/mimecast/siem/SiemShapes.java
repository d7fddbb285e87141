package io.sluice.streams.normalize.mimecast.siem;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.streams.canonical.Text;
import io.sluice.streams.normalize.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which kind of SIEM record a raw record is (docs/feeds/mimecast-siem.md, "Record shapes"). API 2.0
 * lines name their log type in {@code type}; API 1.0 lines do not (the file name carried it), so
 * the kind is inferred from the fields present, in a fixed order.
 */
final class SiemShapes {
  enum Kind {
    RECEIPT,
    PROCESS,
    DELIVERY,
    URL_PROTECT,
    ATTACHMENT_PROTECT,
    IMPERSONATION,
    SPAM,
    JOURNAL,
    INTERNAL_EMAIL_PROTECT,
    AV
  }

  /**
   * The kind (null when not recognised, with {@code detail} saying what was seen) and whether the
   * record is an API 2.0 line.
   */
  record Shape(Kind kind, boolean v2, String detail) {}

  /**
   * API 2.0 {@code type} values: every log type of the SIEM batch API ({@code
   * /siem/v1/batch/events/cg?type=…}) has a kind, so none is dead-lettered for its type.
   */
  private static final Map<String, Kind> V2_TYPES =
      Map.ofEntries(
          Map.entry("receipt", Kind.RECEIPT),
          Map.entry("process", Kind.PROCESS),
          Map.entry("delivery", Kind.DELIVERY),
          Map.entry("url protect", Kind.URL_PROTECT),
          Map.entry("attachment protect", Kind.ATTACHMENT_PROTECT),
          Map.entry("impersonation protect", Kind.IMPERSONATION),
          Map.entry("spam", Kind.SPAM),
          Map.entry("journal", Kind.JOURNAL),
          Map.entry("internal email protect", Kind.INTERNAL_EMAIL_PROTECT),
          Map.entry("av", Kind.AV));

  /** API 1.0 file-name prefixes, when the connector kept {@code Content-Disposition}. */
  private static final Map<String, Kind> V1_FILES =
      Map.of(
          "receipt_", Kind.RECEIPT,
          "process_", Kind.PROCESS,
          "delivery_", Kind.DELIVERY,
          "jrnl_", Kind.JOURNAL,
          "ttp_url_", Kind.URL_PROTECT,
          "ttp_ap_", Kind.ATTACHMENT_PROTECT,
          "ttp_ip_", Kind.IMPERSONATION);

  private SiemShapes() {}

  static Shape classify(ObjectNode json) {
    String type = Json.text(json, "type");
    if (type != null) {
      Kind kind = V2_TYPES.get(type.strip().toLowerCase(Locale.ROOT));
      return kind != null
          ? new Shape(kind, true, null)
          : new Shape(
              null,
              true,
              "Mimecast SIEM log type '" + Text.clean(type, 64) + "' is not normalised");
    }
    Kind fromFile = fromFileName(Json.text(json, "Content-Disposition"));
    if (fromFile != null) {
      return new Shape(fromFile, false, null);
    }
    Kind inferred = inferV1(json);
    if (inferred != null) {
      return new Shape(inferred, false, null);
    }
    return new Shape(
        null, false, "no Mimecast SIEM record shape recognised; fields " + names(json));
  }

  /**
   * API 1.0 MTA lines, first match wins: URL protect ({@code url}), impersonation ({@code
   * TaggedMalicious}/{@code TaggedExternal}/{@code Hits}), attachment protect (a file name or hash,
   * no {@code Act}), journal ({@code RcptActType}/{@code RcptHdrType}), delivery ({@code
   * Delivered}, {@code Attempt}, {@code Latency}, {@code ReceiptAck}, {@code Snt}), process ({@code
   * Act} with {@code Hld}/{@code MsgSize}/{@code AttNames}/{@code AttCnt}/{@code AttSize} and no
   * {@code IP}, {@code Rcpt}, {@code Dir}), receipt ({@code Act}, or {@code Rcpt} with {@code
   * Dir}).
   */
  private static Kind inferV1(ObjectNode json) {
    if (has(json, "url")) {
      return Kind.URL_PROTECT;
    }
    if (has(json, "TaggedMalicious", "TaggedExternal", "Hits")) {
      return Kind.IMPERSONATION;
    }
    if (!has(json, "Act")
        && has(json, "fileName", "FileName", "sha256", "SHA256", "fileHash", "md5", "MD5")) {
      return Kind.ATTACHMENT_PROTECT;
    }
    if (has(json, "RcptActType", "RcptHdrType")) {
      return Kind.JOURNAL;
    }
    if (has(json, "Delivered", "Attempt", "Latency", "ReceiptAck", "Snt")) {
      return Kind.DELIVERY;
    }
    if (has(json, "Act")
        && has(json, "Hld", "MsgSize", "AttNames", "AttCnt", "AttSize")
        && !has(json, "IP", "Rcpt", "Dir")) {
      return Kind.PROCESS;
    }
    if (has(json, "Act") || (has(json, "Rcpt") && has(json, "Dir"))) {
      return Kind.RECEIPT;
    }
    return null;
  }

  private static Kind fromFileName(String contentDisposition) {
    if (contentDisposition == null) {
      return null;
    }
    int at = contentDisposition.indexOf("filename=");
    if (at < 0) {
      return null;
    }
    String name = contentDisposition.substring(at + "filename=".length()).replace("\"", "").strip();
    for (Map.Entry<String, Kind> prefix : V1_FILES.entrySet()) {
      if (name.startsWith(prefix.getKey())) {
        return prefix.getValue();
      }
    }
    return null;
  }

  private static boolean has(ObjectNode json, String... fields) {
    for (String field : fields) {
      if (Json.at(json, field) != null) {
        return true;
      }
    }
    return false;
  }

  /** Up to 12 top-level field names, cleaned, for the DLQ detail. */
  private static String names(ObjectNode json) {
    List<String> names = new ArrayList<>();
    Iterator<String> it = json.fieldNames();
    while (it.hasNext() && names.size() < 12) {
      names.add(Text.clean(it.next(), 40));
    }
    return names + (it.hasNext() ? " …" : "");
  }
}
