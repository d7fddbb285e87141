package io.sluice.streams.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Optional;

/**
 * Recognises a whole vendor API response (or a vendor's log file) published as one record, where
 * every raw topic expects one event per record. Without this, a page is rejected for lacking the
 * event's time field ({@code missing_field:date}), which sends the operator looking for a vendor
 * bug instead of at the forwarder that published pages. The shapes are those of the APIs Sluice
 * reads (docs/dlq.md, "page_envelope"):
 *
 * <ul>
 *   <li>Mimecast API 1.0/2.0 response: {@code meta} object and a {@code data[]} array;
 *   <li>CrowdStrike response: {@code meta} object and a {@code resources[]} array;
 *   <li>Microsoft Graph page: a {@code value[]} array with {@code @odata.*} fields; the Mimecast
 *       SIEM 2.0 batch listing: a {@code value[]} array with {@code @nextPage};
 *   <li>Mimecast SIEM 1.0 file: a {@code type} string and a {@code data[]} array of lines.
 * </ul>
 *
 * A top-level JSON array of objects (Okta's page) is recognised by {@link RawDocuments}.
 */
final class PageEnvelopes {
  private PageEnvelopes() {}

  static Optional<DlqReason> detect(ObjectNode json) {
    if (json.get("meta") instanceof ObjectNode) {
      if (isArray(json, "data")) {
        return page(
            "a whole Mimecast API response (meta + data[] of "
                + size(json, "data")
                + "): publish each log as its own record, as Sluice's Mimecast connector does"
                + " (for TTP logs each element of data[].clickLogs[] / attachmentLogs[] /"
                + " impersonationLogs[], for DLP each element of data[].dlpLogs[], for audit each"
                + " element of data[])");
      }
      if (isArray(json, "resources")) {
        return page(
            "a whole CrowdStrike API response (meta + resources[] of "
                + size(json, "resources")
                + "): publish each element of resources[] as its own record, as Sluice's"
                + " CrowdStrike connector does");
      }
    }
    if (isArray(json, "value")) {
      if (hasFieldStartingWith(json, "@odata.")) {
        return page(
            "a whole Microsoft Graph page (@odata fields + value[] of "
                + size(json, "value")
                + "): publish each element of value[] as its own record, as Sluice's Graph"
                + " connector does");
      }
      if (json.has("@nextPage")) {
        return page(
            "a Mimecast SIEM 2.0 batch listing (value[] of download URLs + @nextPage): download"
                + " each batch file and publish each of its lines as its own record, as Sluice's"
                + " Mimecast SIEM connector does");
      }
    }
    if (isArray(json, "data") && json.get("type") != null && json.get("type").isTextual()) {
      return page(
          "a whole Mimecast SIEM log file (type + data[] of "
              + size(json, "data")
              + " lines): publish each element of data[] as its own record, as Sluice's Mimecast"
              + " SIEM connector does");
    }
    return Optional.empty();
  }

  private static Optional<DlqReason> page(String detail) {
    return Optional.of(DlqReason.pageEnvelope(detail));
  }

  private static boolean isArray(ObjectNode json, String field) {
    JsonNode value = json.get(field);
    return value != null && value.isArray();
  }

  private static int size(ObjectNode json, String field) {
    return json.get(field).size();
  }

  private static boolean hasFieldStartingWith(ObjectNode json, String prefix) {
    Iterator<String> names = json.fieldNames();
    while (names.hasNext()) {
      if (names.next().startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
