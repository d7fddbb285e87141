package io.sluice.sandbox.simulators;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Mimecast TTP Attachment Protect logs ({@code data[].attachmentLogs[]}). */
public final class MimecastAttachmentLogs {
  private MimecastAttachmentLogs() {}

  /** A TTP Attachment Protect log. */
  public static String attachment(
      String sender,
      String recipient,
      String fileName,
      String sha256,
      String result,
      Instant date,
      String messageId) {
    return "{\"senderAddress\":\""
        + sender
        + "\",\"recipientAddress\":\""
        + recipient
        + "\",\"fileName\":\""
        + fileName
        + "\",\"fileType\":\"application/pdf\",\"result\":\""
        + result
        + "\",\"actionTriggered\":\""
        + (result.equals("malicious") ? "sandbox" : "none")
        + "\",\"date\":\""
        + MimecastEvents.time(date)
        + "\",\"details\":\""
        + (result.equals("malicious") ? "Malicious" : "Safe")
        + " \\r\\nTime taken: 0 hrs, 0 min, 1 sec\",\"route\":\"inbound\",\"messageId\":\""
        + messageId
        + "\",\"subject\":\"Invoice overdue\",\"fileHash\":\""
        + sha256
        + "\",\"definition\":\"Default Inbound Attachment Protect Definition\"}";
  }

  /** The scenario's benign attachments and a campaign of one hash to every user. */
  static List<String> scenario(
      Random random, long seed, Instant start, Duration step, Instant middle, int benign) {
    List<String> attachments = new ArrayList<>();
    for (int i = 0; i < benign; i++) {
      attachments.add(
          MimecastAttachmentLogs.attachment(
              "billing@vendor.example",
              MimecastEvents.user(random),
              "statement-" + i + ".pdf",
              MimecastEvents.sha256(random),
              "safe",
              start.plus(step.multipliedBy(i)),
              "<a" + i + "@mx.example>"));
    }
    String campaignHash = MimecastEvents.sha256(new Random(seed + 7));
    for (int i = 0; i < MimecastEvents.USERS.length; i++) { // one file to every user within minutes
      attachments.add(
          MimecastAttachmentLogs.attachment(
              "billing@invoices-pay.example",
              MimecastEvents.USERS[i],
              "invoice-overdue.pdf",
              campaignHash,
              "malicious",
              middle.plus(Duration.ofSeconds(45L * i)),
              "<campaign-" + i + "@mx.example>"));
    }
    return attachments;
  }
}
