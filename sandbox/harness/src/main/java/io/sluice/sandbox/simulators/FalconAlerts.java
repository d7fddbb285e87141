package io.sluice.sandbox.simulators;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Deterministic CrowdStrike Falcon alerts (one element of {@code resources[]} of {@code POST
 * /alerts/combined/alerts/v1}) for scenarios, with the field names of the example in
 * docs/feeds/crowdstrike-alerts.md (after Elastic's test alerts) and values made up from a seed:
 * the same seed gives the same bytes.
 */
public final class FalconAlerts {
  public static final String CID = "9201ab12cd3443b1a2f0c1d2e3f40516";

  /** The user of {@link #scenario}'s high-severity alert: the one who clicked in the mail feeds. */
  public static final String CLICKER = "ann@corp.example";

  public static final String CLICKER_HOST = "WS-1175";

  private static final String[][] HOSTS = {
    {"WS-1175", "ann@corp.example", "10.0.0.5"},
    {"WS-2044", "bob@corp.example", "10.0.0.17"},
    {"WS-0311", "carla@corp.example", "10.0.1.9"},
    {"LT-7781", "dev@corp.example", "10.0.2.33"},
    {"SRV-FILE01", null, "10.0.9.2"}
  };

  private static final DateTimeFormatter NANOS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private FalconAlerts() {}

  /** What an alert says; the host, ids and times are filled in by {@link #alert}. */
  public record Detection(
      String name,
      String displayName,
      String description,
      int severity,
      String severityName,
      int confidence,
      String tactic,
      String tacticId,
      String technique,
      String techniqueId,
      String filename,
      String cmdline,
      String parent) {}

  public static final Detection ADWARE =
      new Detection(
          "PrewittPupAdwareSensorDetect-Lowest",
          "Adware/PUP detected (lowest confidence)",
          "This file meets the Adware/PUP Anti-malware ML algorithm's lowest-confidence threshold.",
          30,
          "Low",
          10,
          "Machine Learning",
          "CSTA0004",
          "Adware/PUP",
          "CST0000",
          "setup.exe",
          "\\\"C:\\\\Users\\\\%u\\\\Downloads\\\\setup.exe\\\"",
          "explorer.exe");

  public static final Detection RECON =
      new Detection(
          "GenericDiscoveryInformational",
          "System discovery commands",
          "A process ran several built-in discovery commands in a short time.",
          10,
          "Informational",
          20,
          "Discovery",
          "TA0007",
          "System Information Discovery",
          "T1082",
          "systeminfo.exe",
          "systeminfo",
          "cmd.exe");

  /** Office spawning an encoded PowerShell: what a malicious attachment or link leads to. */
  public static final Detection MALICIOUS_DOCUMENT =
      new Detection(
          "OfficeSpawnedEncodedPowerShell",
          "Office application launched encoded PowerShell",
          "A Microsoft Office process launched PowerShell with an encoded command line, consistent"
              + " with a malicious document downloading a second stage.",
          90,
          "Critical",
          100,
          "Execution",
          "TA0002",
          "User Execution: Malicious File",
          "T1204.002",
          "powershell.exe",
          "powershell.exe -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA",
          "WINWORD.EXE");

  /**
   * One alert on {@code host} (index into the demo hosts) detected at {@code at} and last updated
   * {@code updated}.
   */
  public static String alert(Random random, Detection d, int host, Instant at, Instant updated) {
    String[] h = HOSTS[Math.floorMod(host, HOSTS.length)];
    HexFormat hex = HexFormat.of();
    String aid = hex.formatHex(bytes(random, 16));
    String ind =
        (100_000_000_000L + Math.floorMod(random.nextLong(), 900_000_000_000L))
            + "-"
            + (1000 + random.nextInt(9000))
            + "-"
            + (10_000_000 + random.nextInt(90_000_000));
    String compositeId = CID + ":ind:" + aid + ":" + ind;
    String user = h[1];
    String account = user == null ? "SYSTEM" : user.substring(0, user.indexOf('@'));
    Instant created =
        at.plusSeconds(20 + random.nextInt(60)).plusNanos(random.nextInt(1_000_000_000));
    return "{\"composite_id\":\""
        + compositeId
        + "\",\"id\":\"ind:"
        + aid
        + ":"
        + ind
        + "\",\"agent_id\":\""
        + aid
        + "\",\"cid\":\""
        + CID
        + "\",\"product\":\"epp\",\"type\":\"ldt\",\"name\":\""
        + d.name()
        + "\",\"display_name\":\""
        + d.displayName()
        + "\",\"description\":\""
        + d.description()
        + "\",\"severity\":"
        + d.severity()
        + ",\"severity_name\":\""
        + d.severityName()
        + "\",\"confidence\":"
        + d.confidence()
        + ",\"status\":\"new\",\"tactic\":\""
        + d.tactic()
        + "\",\"tactic_id\":\""
        + d.tacticId()
        + "\",\"technique\":\""
        + d.technique()
        + "\",\"technique_id\":\""
        + d.techniqueId()
        + "\",\"pattern_disposition\":2176,\"pattern_disposition_description\":"
        + "\"Prevention/Quarantine, process was blocked from execution and quarantine was"
        + " attempted.\",\"filename\":\""
        + d.filename()
        + "\",\"filepath\":\"\\\\Device\\\\HarddiskVolume3\\\\Users\\\\"
        + account
        + "\\\\Downloads\\\\"
        + d.filename()
        + "\",\"cmdline\":\""
        + d.cmdline().replace("%u", account)
        + "\",\"sha256\":\""
        + hex.formatHex(bytes(random, 32))
        + "\",\"md5\":\""
        + hex.formatHex(bytes(random, 16))
        + "\","
        + (user == null ? "" : "\"user_name\":\"" + user + "\",")
        + "\"device\":{\"device_id\":\""
        + aid
        + "\",\"hostname\":\""
        + h[0]
        + "\",\"local_ip\":\""
        + h[2]
        + "\",\"external_ip\":\"81.2.69.142\",\"platform_name\":\"Windows\",\"os_version\":"
        + "\"Windows 11\",\"agent_version\":\"7.04.17605.0\"},\"parent_details\":{\"filename\":\""
        + d.parent()
        + "\",\"cmdline\":\"C:\\\\WINDOWS\\\\"
        + d.parent()
        + "\",\"sha256\":\""
        + hex.formatHex(bytes(random, 32))
        + "\"},\"timestamp\":\""
        + MILLIS.format(at)
        + "\",\"created_timestamp\":\""
        + NANOS.format(created)
        + "\",\"updated_timestamp\":\""
        + NANOS.format(updated)
        + "\",\"falcon_host_link\":\"https://falcon.crowdstrike.com/activity-v2/detections/"
        + compositeId
        + "\"}";
  }

  /** {@code count} low-severity alerts (adware, discovery) on the demo hosts, spaced apart. */
  public static List<String> benign(long seed, int count, Instant start, Duration spacing) {
    Random random = new Random(seed);
    List<String> alerts = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Instant at = start.plus(spacing.multipliedBy(i));
      alerts.add(
          alert(
              random,
              random.nextBoolean() ? ADWARE : RECON,
              random.nextInt(HOSTS.length),
              at,
              updated(random, at)));
    }
    return alerts;
  }

  /**
   * {@code benign} low-severity alerts {@code spacing} apart from {@code start}, and, in the
   * middle, a critical {@link #MALICIOUS_DOCUMENT} alert on {@link #CLICKER_HOST}, the host of
   * {@link #CLICKER}, the user who clicked in the mail scenario.
   */
  public static List<String> scenario(long seed, int benign, Instant start, Duration spacing) {
    List<String> alerts = new ArrayList<>(benign(seed, benign, start, spacing));
    Random random = new Random(seed + 1);
    Instant at = start.plus(spacing.multipliedBy(benign / 2)).plusSeconds(13);
    alerts.add(benign / 2, alert(random, MALICIOUS_DOCUMENT, 0, at, updated(random, at)));
    return alerts;
  }

  private static Instant updated(Random random, Instant at) {
    return at.plus(2, ChronoUnit.MINUTES).plusNanos(random.nextInt(1_000_000_000));
  }

  private static byte[] bytes(Random random, int n) {
    byte[] bytes = new byte[n];
    random.nextBytes(bytes);
    return bytes;
  }
}
