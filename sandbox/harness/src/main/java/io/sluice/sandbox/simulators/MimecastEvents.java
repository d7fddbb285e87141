package io.sluice.sandbox.simulators;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Deterministic Mimecast records for scenarios, with the real field names of shared/vendor-apis.md
 * §1 (after Elastic's pipeline test logs) and made-up values from a seed: the same seed always
 * gives the same bytes.
 *
 * <p>{@link #scenario} is benign baseline traffic plus the scripted attacks the email rules look
 * for: repeat malicious clicks, a VIP impersonation run, an attachment campaign, and a malicious
 * click by {@link #CLICK_THEN_LOGIN_USER} whose follow-up login (from Okta or Entra, not Mimecast)
 * the demo scripts {@link #CLICK_THEN_LOGIN_DELAY} later.
 */
public final class MimecastEvents {
  public static final String TTP_URL = "/api/ttp/url/get-logs";
  public static final String TTP_ATTACHMENT = "/api/ttp/attachment/get-logs";
  public static final String TTP_IMPERSONATION = "/api/ttp/impersonation/get-logs";
  public static final String DLP = "/api/dlp/get-logs";
  public static final String AUDIT = "/api/audit/get-audit-events";

  /** The user who clicks a phishing link and then (in the identity feed) logs in. */
  public static final String CLICK_THEN_LOGIN_USER = "carla@corp.example";

  public static final Duration CLICK_THEN_LOGIN_DELAY = Duration.ofMinutes(2);

  /** The phishing URL that {@link #fullScenario} has six users click (a click campaign). */
  public static final String CAMPAIGN_URL = "https://sharepoint-docs.example/view?doc=q3-bonus";

  /** The sender whose three DLP holds {@link #fullScenario} scripts. */
  public static final String DLP_REPEAT_USER = "farid@corp.example";

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx").withZone(ZoneOffset.UTC);
  private static final String[] USERS = {
    "ann@corp.example", "bob@corp.example", "carla@corp.example", "dev@corp.example",
    "eve.ops@corp.example", "farid@corp.example", "gita@corp.example", "hans@corp.example"
  };
  private static final String[] SAFE_URLS = {
    "https://docs.partner.example/q3-plan", "https://news.industry.example/today",
    "https://calendar.corp.example/invite/4411", "https://shop.vendor.example/order/981"
  };

  private MimecastEvents() {}

  /** What a scenario serves: log records per endpoint path, SIEM batch files per type. */
  public record Scenario(Map<String, List<String>> logs, Map<String, List<List<String>>> siem) {
    public Scenario {
      logs = Map.copyOf(logs);
      siem = Map.copyOf(siem);
    }

    public List<String> logs(String path) {
      return logs.getOrDefault(path, List.of());
    }

    /** This scenario with {@code more} records appended to {@code path}. */
    public Scenario plus(String path, List<String> more) {
      Map<String, List<String>> merged = new LinkedHashMap<>(logs);
      List<String> records = new ArrayList<>(logs(path));
      records.addAll(more);
      merged.put(path, List.copyOf(records));
      return new Scenario(merged, siem);
    }

    /** Records of every log feed plus every SIEM line: what a full backfill publishes. */
    public int size() {
      int lines = 0;
      for (List<List<String>> files : siem.values()) {
        for (List<String> file : files) {
          lines += file.size();
        }
      }
      return logs.values().stream().mapToInt(List::size).sum() + lines;
    }

    /** Every line of every batch file of {@code type}, in order. */
    public List<String> siemLines(String type) {
      return siem.getOrDefault(type, List.of()).stream().flatMap(List::stream).toList();
    }
  }

  public static String time(Instant instant) {
    return TIME.format(instant);
  }

  /** A TTP URL click log. */
  public static String click(
      String user,
      String sender,
      String url,
      String scanResult,
      String action,
      Instant date,
      String messageId) {
    String category = scanResult.equals("malicious") ? "Phishing & Fraud" : "Business";
    return "{\"userEmailAddress\":\""
        + user
        + "\",\"fromUserEmailAddress\":\""
        + sender
        + "\",\"url\":\""
        + url
        + "\",\"ttpDefinition\":\"Default Inbound URL Protect Definition\",\"subject\":\""
        + (scanResult.equals("malicious") ? "Password expires today" : "Weekly update")
        + "\",\"action\":\""
        + action
        + "\",\"adminOverride\":\"N/A\",\"userOverride\":\"None\",\"scanResult\":\""
        + scanResult
        + "\",\"category\":\""
        + category
        + "\",\"sendingIp\":\"203.0.113.7\",\"userAwarenessAction\":\"N/A\",\"date\":\""
        + time(date)
        + "\",\"actions\":\""
        + (action.equals("block") ? "Block" : "Allow")
        + "\",\"route\":\"inbound\",\"creationMethod\":\"User Click\","
        + "\"emailPartsDescription\":[\"Body\"],\"messageId\":\""
        + messageId
        + "\"}";
  }

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
        + time(date)
        + "\",\"details\":\""
        + (result.equals("malicious") ? "Malicious" : "Safe")
        + " \\r\\nTime taken: 0 hrs, 0 min, 1 sec\",\"route\":\"inbound\",\"messageId\":\""
        + messageId
        + "\",\"subject\":\"Invoice overdue\",\"fileHash\":\""
        + sha256
        + "\",\"definition\":\"Default Inbound Attachment Protect Definition\"}";
  }

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
        + time(eventTime)
        + "\",\"impersonationResults\":[{\"impersonationDomainSource\":\"internal_user_name\","
        + "\"similarDomain\":\"CEO <ceo@corp.example>\",\"stringSimilarToDomain\":\"CEO\","
        + "\"checkerResult\":\"hit\"}],\"messageId\":\"<imp-"
        + id.substring(Math.max(0, id.length() - 8))
        + "@mx.example>\"}";
  }

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
        + time(eventTime)
        + "\",\"route\":\"outbound\",\"policy\":\""
        + policy
        + "\",\"action\":\""
        + action
        + "\",\"messageId\":\"<dlp-"
        + n
        + "@mx.example>\"}";
  }

  /** An audit event. */
  public static String audit(String id, String type, String user, Instant eventTime, String info) {
    return "{\"id\":\""
        + id
        + "\",\"auditType\":\""
        + type
        + "\",\"user\":\""
        + user
        + "\",\"eventTime\":\""
        + time(eventTime)
        + "\",\"eventInfo\":\""
        + info
        + "\",\"category\":\"authentication_logs\"}";
  }

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
   * Benign traffic of {@code benign} records per log feed from {@code start} (one every 37 s), with
   * the scripted attacks in the middle, and SIEM files of {@code siemLinesPerFile} lines ({@code
   * siemFiles} files per type) for {@code receipt}, {@code process} and {@code delivery}.
   */
  public static Scenario scenario(
      long seed, Instant start, int benign, int siemFiles, int siemLinesPerFile) {
    Random random = new Random(seed);
    Duration step = Duration.ofSeconds(37);
    Instant middle = start.plus(step.multipliedBy(benign / 2));
    Map<String, List<String>> logs = new LinkedHashMap<>();

    List<String> clicks = new ArrayList<>();
    for (int i = 0; i < benign; i++) {
      clicks.add(
          click(
              user(random),
              "news@partner.example",
              SAFE_URLS[random.nextInt(SAFE_URLS.length)],
              "clean",
              "allow",
              start.plus(step.multipliedBy(i)),
              "<c" + i + "-" + Long.toHexString(random.nextLong()) + "@mx.example>"));
    }
    String phish = "https://login-micros0ft.example/reset?u=";
    for (int i = 0; i < 3; i++) { // repeat malicious clicks by one user
      clicks.add(
          click(
              "bob@corp.example",
              "it-support@micros0ft.example",
              phish + "bob",
              "malicious",
              "block",
              middle.plus(Duration.ofSeconds(40L * i)),
              "<phish-bob@mx.example>"));
    }
    // Two clicks in the same second: the checkpoint boundary must keep both exactly once.
    clicks.add(
        click(
            "dev@corp.example",
            "news@partner.example",
            SAFE_URLS[0],
            "clean",
            "allow",
            middle.plus(Duration.ofSeconds(200)),
            "<same-second-1@mx.example>"));
    clicks.add(
        click(
            "dev@corp.example",
            "news@partner.example",
            SAFE_URLS[1],
            "clean",
            "allow",
            middle.plus(Duration.ofSeconds(200)),
            "<same-second-2@mx.example>"));
    clicks.add(
        click(
            CLICK_THEN_LOGIN_USER,
            "hr@payroll-update.example",
            phish + "carla",
            "malicious",
            "warn",
            middle.plus(Duration.ofSeconds(300)),
            "<phish-carla@mx.example>"));
    logs.put(TTP_URL, clicks);

    List<String> attachments = new ArrayList<>();
    for (int i = 0; i < benign; i++) {
      attachments.add(
          attachment(
              "billing@vendor.example",
              user(random),
              "statement-" + i + ".pdf",
              sha256(random),
              "safe",
              start.plus(step.multipliedBy(i)),
              "<a" + i + "@mx.example>"));
    }
    String campaignHash = sha256(new Random(seed + 7));
    for (int i = 0; i < USERS.length; i++) { // one file to every user within minutes
      attachments.add(
          attachment(
              "billing@invoices-pay.example",
              USERS[i],
              "invoice-overdue.pdf",
              campaignHash,
              "malicious",
              middle.plus(Duration.ofSeconds(45L * i)),
              "<campaign-" + i + "@mx.example>"));
    }
    logs.put(TTP_ATTACHMENT, attachments);

    List<String> impersonations = new ArrayList<>();
    for (int i = 0; i < benign; i++) {
      impersonations.add(
          impersonation(
              id("MTOKEN:", random),
              "newsletter@lookalike-" + i + ".example",
              user(random),
              false,
              start.plus(step.multipliedBy(i))));
    }
    for (int i = 0; i < 5; i++) { // VIP impersonation run at the CEO and CFO
      impersonations.add(
          impersonation(
              id("MTOKEN:", random),
              "ceo@corp-example.co",
              i % 2 == 0 ? "cfo@corp.example" : "ceo@corp.example",
              true,
              middle.plus(Duration.ofMinutes(i))));
    }
    logs.put(TTP_IMPERSONATION, impersonations);

    List<String> dlp = new ArrayList<>();
    for (int i = 0; i < benign; i++) {
      boolean hold = i % 25 == 0;
      dlp.add(
          dlp(
              user(random),
              "partner" + (i % 7) + "@ext.example",
              hold ? "Confidential" : "Standard Notification",
              hold ? "hold" : "notification",
              start.plus(step.multipliedBy(i)),
              i));
    }
    logs.put(DLP, dlp);

    List<String> audit = new ArrayList<>();
    for (int i = 0; i < benign; i++) {
      String user = user(random);
      boolean failed = i % 17 == 0;
      audit.add(
          audit(
              id("eNqrVi", random),
              failed ? "Logon Authentication Failed" : "Logon Authentication Succeeded",
              user,
              start.plus(step.multipliedBy(i)),
              (failed ? "Failed" : "Successful")
                  + " authentication for "
                  + user
                  + ", Application: mimecast-moa"));
    }
    logs.put(AUDIT, audit);

    Map<String, List<List<String>>> siem = new LinkedHashMap<>();
    for (String type : List.of("receipt", "process", "delivery")) {
      List<List<String>> files = new ArrayList<>();
      for (int f = 0; f < siemFiles; f++) {
        List<String> lines = new ArrayList<>();
        for (int l = 0; l < siemLinesPerFile; l++) {
          int n = f * siemLinesPerFile + l;
          lines.add(
              siemLine(
                  type,
                  start.plus(step.multipliedBy(n)),
                  "agg-" + Long.toHexString(seed) + "-" + n,
                  "news@partner.example",
                  USERS[n % USERS.length]));
        }
        files.add(lines);
      }
      siem.put(type, files);
    }
    return new Scenario(logs, siem);
  }

  /**
   * {@link #scenario} plus the attacks it leaves out, so that every built-in email, URL and DLP
   * rule has something to fire on: a click campaign (six users click {@link #CAMPAIGN_URL},
   * blocked, within three minutes), a malicious click by {@link #CLICK_THEN_LOGIN_USER} that
   * Mimecast allowed through (at {@link #allowedClickTime}; the scenario's own click by that user
   * was only warned, which {@code correlated.click-then-login} rightly ignores), and three DLP
   * holds of {@link #DLP_REPEAT_USER}. {@link #scenario} itself is unchanged, so tests that count
   * its records keep their numbers.
   */
  public static Scenario fullScenario(
      long seed, Instant start, int benign, int siemFiles, int siemLinesPerFile) {
    Instant middle = start.plus(Duration.ofSeconds(37).multipliedBy(benign / 2));
    List<String> clicks = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      clicks.add(
          click(
              USERS[(i + 2) % USERS.length],
              "it-support@sharepoint-docs.example",
              CAMPAIGN_URL,
              "malicious",
              "block",
              middle.plus(Duration.ofMinutes(8)).plus(Duration.ofSeconds(30L * i)),
              "<campaign-click-" + i + "@mx.example>"));
    }
    clicks.add(
        click(
            CLICK_THEN_LOGIN_USER,
            "hr@payroll-update.example",
            "https://payroll-update.example/sso?u=carla",
            "malicious",
            "allow",
            allowedClickTime(start, benign),
            "<phish-carla-2@mx.example>"));
    List<String> holds = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      holds.add(
          dlp(
              DLP_REPEAT_USER,
              "me@personal-mail.example",
              "Confidential",
              "hold",
              middle.plus(Duration.ofMinutes(2L + 2L * i)),
              9000 + i));
    }
    return scenario(seed, start, benign, siemFiles, siemLinesPerFile)
        .plus(TTP_URL, clicks)
        .plus(DLP, holds);
  }

  /**
   * When {@link #fullScenario} has {@link #CLICK_THEN_LOGIN_USER} click an allowed malicious link:
   * 30 s after the last benign record, so that (with as many or fewer benign events in the identity
   * feeds) the login scripted {@link #CLICK_THEN_LOGIN_DELAY} later is the user's first login after
   * the click, and the correlation names it whatever order the feeds arrive in.
   */
  public static Instant allowedClickTime(Instant start, int benign) {
    return start.plus(Duration.ofSeconds(37).multipliedBy(benign)).plusSeconds(30);
  }

  private static String user(Random random) {
    return USERS[random.nextInt(USERS.length)];
  }

  private static String sha256(Random random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static String id(String prefix, Random random) {
    byte[] bytes = new byte[18];
    random.nextBytes(bytes);
    return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
