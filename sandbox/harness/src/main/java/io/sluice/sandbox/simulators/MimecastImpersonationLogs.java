package io.sluice.sandbox.simulators;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Mimecast TTP Impersonation Protect logs ({@code data[].impersonationLogs[]}). */
public final class MimecastImpersonationLogs {
  private MimecastImpersonationLogs() {}

  /** A TTP Impersonation Protect log. */
  public static String impersonation(
      String id, String sender, String recipient, boolean malicious, Instant eventTime) {
    return "{\"id\":\""
        + id
        + "\",\"senderAddress\":\""
        + sender
        + "\",\"recipientAddress\":\""
        + recipient
        + "\",\"subject\":\"Urgent wire transfer\",\"definition\":\"IP - 2 hits (Tag email)\","
        + "\"hits\":2,\"identifiers\":[\"internal_user_name\",\"similar_internal_domain\"],"
        + "\"action\":\"none\",\"taggedExternal\":true,\"taggedMalicious\":"
        + malicious
        + ",\"senderIpAddress\":\"198.51.100.23\",\"eventTime\":\""
        + MimecastEvents.time(eventTime)
        + "\",\"impersonationResults\":[{\"impersonationDomainSource\":\"internal_user_name\","
        + "\"similarDomain\":\"CEO <ceo@corp.example>\",\"stringSimilarToDomain\":\"CEO\","
        + "\"checkerResult\":\"hit\"}],\"messageId\":\"<imp-"
        + id.substring(Math.max(0, id.length() - 8))
        + "@mx.example>\"}";
  }

  /** The scenario's benign impersonation logs and a VIP impersonation run at the CEO and CFO. */
  static List<String> scenario(
      Random random, long seed, Instant start, Duration step, Instant middle, int benign) {
    List<String> impersonations = new ArrayList<>();
    for (int i = 0; i < benign; i++) {
      impersonations.add(
          MimecastImpersonationLogs.impersonation(
              MimecastEvents.id("MTOKEN:", random),
              "newsletter@lookalike-" + i + ".example",
              MimecastEvents.user(random),
              false,
              start.plus(step.multipliedBy(i))));
    }
    for (int i = 0; i < 5; i++) { // VIP impersonation run at the CEO and CFO
      impersonations.add(
          MimecastImpersonationLogs.impersonation(
              MimecastEvents.id("MTOKEN:", random),
              "ceo@corp-example.co",
              i % 2 == 0 ? "cfo@corp.example" : "ceo@corp.example",
              true,
              middle.plus(Duration.ofMinutes(i))));
    }
    return impersonations;
  }
}
