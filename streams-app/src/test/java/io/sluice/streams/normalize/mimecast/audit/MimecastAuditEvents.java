package io.sluice.streams.normalize.mimecast.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/**
 * Realistic Mimecast audit events: one element of {@code data[]} of {@code
 * /api/audit/get-audit-events}, with the field names and {@code eventInfo} shapes the API returns
 * (docs/feeds/mimecast-audit.md). Values are made up.
 */
public final class MimecastAuditEvents {
  private static final ObjectMapper JSON = new ObjectMapper();

  static final String FAILED_INFO =
      "Failed authentication for ann@corp.example <Ann Lee>, Date: 2021-10-12, Time: 09:47:55 BST,"
          + " IP: 203.0.113.7, Application: mimecast-moa, Method: Office 365, Reason: Wrong password";

  private MimecastAuditEvents() {}

  public static ObjectNode failedLogon(String user) {
    return event("Logon Authentication Failed", user, FAILED_INFO, "authentication_logs");
  }

  public static ObjectNode successfulLogon(String user) {
    return event(
        "User Logged On",
        user,
        "Successful authentication for "
            + user
            + " <Ann Lee>, Date: 2021-10-11, Time: 18:17:30 BST, IP: 203.0.113.8,"
            + " Application: Administration Console, Method: Two Step Auth, 2FA: TOTP",
        "authentication_logs");
  }

  public static ObjectNode challenge(String user) {
    return event(
        "Logon Requires Challenge",
        user,
        "Intermediate authentication for "
            + user
            + " <Ann Lee>, Date: 2021-10-11, Time: 18:17:26 BST, IP: 2001:db8::7,"
            + " Application: Administration Console, Method: Office 365, 2FA: TOTP",
        "authentication_logs");
  }

  public static ObjectNode adminEvent(String user) {
    return event(
        "Archive Mailbox Restore",
        user,
        "Archive mailbox restore created. Restored data from bob@corp.example to ann@corp.example"
            + " by ann@corp.example, Date: 2021-10-12, Time: 19:20:01+0000, IP: 198.51.100.4,"
            + " Application: Administration Console",
        "archive_service_logs");
  }

  public static ObjectNode directorySync() {
    return event("Completed Directory Sync", "", "No changes found.", "account_logs");
  }

  public static ObjectNode event(String auditType, String user, String eventInfo, String category) {
    ObjectNode event = JSON.createObjectNode();
    event.put("id", "eNqrVipOTS4tSs1MUbJSMvCrMHX2MzL1yLFITjJNd8rO9wiJyAlL89c2DXZ1C3eP9AyvijKL9I7R");
    event.put("auditType", auditType);
    event.put("user", user);
    event.put("eventTime", "2021-10-12T08:47:55+0000");
    event.put("eventInfo", eventInfo);
    event.put("category", category);
    return event;
  }

  public static ObjectNode parse(String json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
