package io.sluice.sandbox.simulators;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Mimecast DLP logs ({@code data[].dlpLogs[]}). */
public final class MimecastDlpLogs {
  private MimecastDlpLogs() {}

  /** A DLP log. */
  public static String dlp(
      String sender, String recipient, String policy, String action, Instant eventTime, int n) {
    return "{\"senderAddress\":\""
        + sender
        + "\",\"recipientAddress\":\""
        + recipient
        + "\",\"subject\":\"RE: figures "
        + n
        + "\",\"eventTime\":\""
        + MimecastEvents.time(eventTime)
        + "\",\"route\":\"outbound\",\"policy\":\""
        + policy
        + "\",\"action\":\""
        + action
        + "\",\"messageId\":\"<dlp-"
        + n
        + "@mx.example>\"}";
  }

  /** The scenario's benign DLP notifications with a hold every 25th. */
  static List<String> scenario(
      Random random, long seed, Instant start, Duration step, Instant middle, int benign) {
    List<String> dlp = new ArrayList<>();
    for (int i = 0; i < benign; i++) {
      boolean hold = i % 25 == 0;
      dlp.add(
          MimecastDlpLogs.dlp(
              MimecastEvents.user(random),
              "partner" + (i % 7) + "@ext.example",
              hold ? "Confidential" : "Standard Notification",
              hold ? "hold" : "notification",
              start.plus(step.multipliedBy(i)),
              i));
    }
    return dlp;
  }
}
