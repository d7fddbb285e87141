package io.sluice.sandbox.simulators;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mimecast SIEM API 2.0 batch lines (gzip NDJSON files, {@code timestamp} in epoch milliseconds).
 */
public final class MimecastSiemLines {
  private MimecastSiemLines() {}

  /** An API 2.0 SIEM batch line ({@code timestamp} in epoch milliseconds). */
  public static String siemLine(
      String type, Instant timestamp, String aggregateId, String sender, String recipient) {
    return "{\"processingId\":\"proc-"
        + aggregateId
        + "\",\"aggregateId\":\""
        + aggregateId
        + "\",\"accountId\":\"CDE22A102\",\"timestamp\":"
        + timestamp.toEpochMilli()
        + ",\"type\":\""
        + type
        + "\",\"subtype\":null,\"direction\":\"Inbound\",\"senderEnvelope\":\""
        + sender
        + "\",\"recipients\":\""
        + recipient
        + "\",\"messageId\":\"<"
        + aggregateId
        + "@mx.example>\",\"subject\":\"Status\",\"senderIp\":\"203.0.113.9\"}";
  }

  /**
   * The scenario's batch files: {@code files} of {@code lines} lines each for receipt, process and
   * delivery.
   */
  static Map<String, List<List<String>>> scenario(
      long seed, Instant start, Duration step, int siemFiles, int siemLinesPerFile) {
    Map<String, List<List<String>>> siem = new LinkedHashMap<>();
    for (String type : List.of("receipt", "process", "delivery")) {
      List<List<String>> files = new ArrayList<>();
      for (int f = 0; f < siemFiles; f++) {
        List<String> lines = new ArrayList<>();
        for (int l = 0; l < siemLinesPerFile; l++) {
          int n = f * siemLinesPerFile + l;
          lines.add(
              MimecastSiemLines.siemLine(
                  type,
                  start.plus(step.multipliedBy(n)),
                  "agg-" + Long.toHexString(seed) + "-" + n,
                  "news@partner.example",
                  MimecastEvents.USERS[n % MimecastEvents.USERS.length]));
        }
        files.add(lines);
      }
      siem.put(type, files);
    }
    return siem;
  }
}
