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
 * Deterministic Mimecast records for scenarios, with the real field names of
 * docs/feeds/mimecast-*.md (after Elastic's pipeline test logs) and made-up values from a seed: the
 * same seed always gives the same bytes.
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
  static final String[] USERS = {
    "ann@corp.example", "bob@corp.example", "carla@corp.example", "dev@corp.example",
    "eve.ops@corp.example", "farid@corp.example", "gita@corp.example", "hans@corp.example"
  };
  static final String[] SAFE_URLS = {
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

    logs.put(TTP_URL, MimecastUrlClicks.scenario(random, seed, start, step, middle, benign));

    logs.put(
        TTP_ATTACHMENT, MimecastAttachmentLogs.scenario(random, seed, start, step, middle, benign));

    logs.put(
        TTP_IMPERSONATION,
        MimecastImpersonationLogs.scenario(random, seed, start, step, middle, benign));

    logs.put(DLP, MimecastDlpLogs.scenario(random, seed, start, step, middle, benign));

    logs.put(AUDIT, MimecastAuditEvents.scenario(random, seed, start, step, middle, benign));

    return new Scenario(
        logs, MimecastSiemLines.scenario(seed, start, step, siemFiles, siemLinesPerFile));
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
          MimecastUrlClicks.click(
              USERS[(i + 2) % USERS.length],
              "it-support@sharepoint-docs.example",
              CAMPAIGN_URL,
              "malicious",
              "block",
              middle.plus(Duration.ofMinutes(8)).plus(Duration.ofSeconds(30L * i)),
              "<campaign-click-" + i + "@mx.example>"));
    }
    clicks.add(
        MimecastUrlClicks.click(
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
          MimecastDlpLogs.dlp(
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

  static String user(Random random) {
    return USERS[random.nextInt(USERS.length)];
  }

  static String sha256(Random random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  static String id(String prefix, Random random) {
    byte[] bytes = new byte[18];
    random.nextBytes(bytes);
    return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
