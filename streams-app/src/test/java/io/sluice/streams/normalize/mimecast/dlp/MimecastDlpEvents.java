package io.sluice.streams.normalize.mimecast.dlp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Realistic Mimecast DLP log records: one element of {@code data[].dlpLogs[]} of {@code
 * /api/dlp/get-logs}, field names as the API returns them (docs/feeds/mimecast-dlp.md). Values are
 * made up.
 */
final class MimecastDlpEvents {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MimecastDlpEvents() {}

  static ObjectNode held(String sender) {
    ObjectNode event = JSON.createObjectNode();
    event.put("senderAddress", sender);
    event.put("recipientAddress", "x@ext.example");
    event.put("subject", "RE: Q3 numbers");
    event.put("eventTime", "2024-11-18T05:11:02+0000");
    event.put("route", "outbound");
    event.put("policy", "Confidential");
    event.put("action", "hold");
    event.put("messageId", "<b2@mx.example>");
    return event;
  }

  static ObjectNode withAction(String sender, String action) {
    ObjectNode event = held(sender);
    event.put("action", action);
    return event;
  }

  /** A bounce: Mimecast logs the SMTP null sender {@code <>}. */
  static ObjectNode bounce() {
    ObjectNode event = held("<>");
    event.put("recipientAddress", "ann@corp.example");
    event.put("subject", "Undelivered Mail Returned to Sender");
    event.put("route", "inbound");
    event.put("policy", "Content Inspection - Watermark");
    event.put("action", "notification");
    return event;
  }
}
