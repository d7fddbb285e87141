package io.sluice.sandbox.simulators;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Mimecast audit events (flat {@code data[]}). */
public final class MimecastAuditEvents {
  private MimecastAuditEvents() {}

  /** An audit event. */
  public static String audit(String id, String type, String user, Instant eventTime, String info) {
    return "{\"id\":\""
        + id
        + "\",\"auditType\":\""
        + type
        + "\",\"user\":\""
        + user
        + "\",\"eventTime\":\""
        + MimecastEvents.time(eventTime)
        + "\",\"eventInfo\":\""
        + info
        + "\",\"category\":\"authentication_logs\"}";
  }

  /** The scenario's logons, every 17th failed. */
  static List<String> scenario(
      Random random, long seed, Instant start, Duration step, Instant middle, int benign) {
    List<String> audit = new ArrayList<>();
    for (int i = 0; i < benign; i++) {
      String user = MimecastEvents.user(random);
      boolean failed = i % 17 == 0;
      audit.add(
          MimecastAuditEvents.audit(
              MimecastEvents.id("eNqrVi", random),
              failed ? "Logon Authentication Failed" : "Logon Authentication Succeeded",
              user,
              start.plus(step.multipliedBy(i)),
              (failed ? "Failed" : "Successful")
                  + " authentication for "
                  + user
                  + ", Application: mimecast-moa"));
    }
    return audit;
  }
}
