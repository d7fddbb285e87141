package io.sluice.sandbox.traffic;

import io.sluice.sandbox.simulators.EntraSignIns;
import io.sluice.sandbox.simulators.FalconAlerts;
import io.sluice.sandbox.simulators.MimecastAttachmentLogs;
import io.sluice.sandbox.simulators.MimecastAuditEvents;
import io.sluice.sandbox.simulators.MimecastDlpLogs;
import io.sluice.sandbox.simulators.MimecastImpersonationLogs;
import io.sluice.sandbox.simulators.MimecastSiemLines;
import io.sluice.sandbox.simulators.MimecastUrlClicks;
import io.sluice.sandbox.simulators.OktaEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * A realistic mix of all nine raw feeds, as the connectors write them, for load runs and crash
 * tests: benign traffic of a population of users plus scripted attacks at known places, each
 * expected to raise one built-in alert. Deterministic for a seed.
 *
 * <p>Proportions of the benign traffic (an enterprise's day: mail flow dominates, then sign-ins;
 * security findings are rare): Mimecast SIEM receipt/process/delivery lines 25 %, Okta System Log
 * 30 % (10 % of it failures), Entra sign-ins 20 % (8 % failures), Mimecast URL clicks 10 % (2 % of
 * them malicious and blocked), Mimecast attachment scans 4 %, Mimecast audit 3 %, Mimecast DLP 3 %,
 * CrowdStrike alerts 3 %, Mimecast impersonation 2 %. Every 10,000 events add one of each attack:
 * an Okta brute force (12 failures and a success: a burst and success-after-failures), an Entra
 * password spray over 12 users, an allowed malicious click followed by an Okta logon
 * (click-then-login, and two clicks: repeat-malicious-click), a click campaign (5 users, one URL),
 * an attachment campaign (5 recipients, one hash), three DLP blocks by one sender, and an
 * impersonation of the VIP {@link #VIP}.
 */
public final class MixedTraffic {
  /** The VIP the impersonation attacks target; load it into {@code reference.vip-users}. */
  public static final String VIP = "ceo@corp.example";

  /** One raw record: topic, key (the vendor event id), the vendor JSON, and its event time. */
  public record RawRecord(String topic, String key, String value, Instant time) {}

  /** An alert the built-in pack must raise: rule id and entity. */
  public record ExpectedAlert(String rule, String entity) {}

  /** The records, in event-time order, and the alerts their attacks must raise. */
  public record Traffic(List<RawRecord> records, Set<ExpectedAlert> expected) {
    /** Raw topics in the traffic, with their record counts. */
    public Map<String, Integer> perTopic() {
      Map<String, Integer> counts = new LinkedHashMap<>();
      records.forEach(r -> counts.merge(r.topic(), 1, Integer::sum));
      return counts;
    }
  }

  public static final String OKTA = "raw.okta.system-log";
  public static final String ENTRA = "raw.entra.signins";
  public static final String FALCON = "raw.crowdstrike.alerts";
  public static final String SIEM = "raw.mimecast.siem";
  public static final String URL = "raw.mimecast.ttp-url";
  public static final String ATTACHMENT = "raw.mimecast.ttp-attachment";
  public static final String IMPERSONATION = "raw.mimecast.ttp-impersonation";
  public static final String DLP = "raw.mimecast.dlp";
  public static final String AUDIT = "raw.mimecast.audit";

  /** Every raw topic the mix writes. */
  public static final List<String> TOPICS =
      List.of(OKTA, ENTRA, FALCON, SIEM, URL, ATTACHMENT, IMPERSONATION, DLP, AUDIT);

  private final Random random;
  private final int users;
  private final List<RawRecord> records = new ArrayList<>();
  private final Set<ExpectedAlert> expected = new LinkedHashSet<>();

  private MixedTraffic(long seed, int users) {
    this.random = new Random(seed);
    this.users = users;
  }

  /**
   * @param events about how many records (attacks add a few dozen per 10,000)
   * @param users the size of the user population (at least 5,000 for load runs)
   * @param start the first event time; events are spread evenly over {@code span}
   */
  public static Traffic generate(long seed, int events, int users, Instant start, Duration span) {
    MixedTraffic mix = new MixedTraffic(seed, users);
    long step = Math.max(1, span.toMillis() / Math.max(1, events));
    for (int i = 0; i < events; i++) {
      mix.benign(i, start.plusMillis(step * i));
    }
    int attacks = Math.max(1, events / 10_000);
    for (int a = 0; a < attacks; a++) {
      mix.attacks(a, start.plusMillis(step * ((long) events * (2L * a + 1) / (2L * attacks))));
    }
    mix.records.sort(Comparator.comparing(RawRecord::time));
    return new Traffic(List.copyOf(mix.records), Set.copyOf(mix.expected));
  }

  private String user() {
    return "user" + random.nextInt(users) + "@corp.example";
  }

  private String id() {
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }

  private String ip() {
    return "10."
        + random.nextInt(256)
        + "."
        + random.nextInt(256)
        + "."
        + (1 + random.nextInt(254));
  }

  private void add(String topic, String value, Instant time) {
    records.add(new RawRecord(topic, id(), value, time));
  }

  private void benign(int i, Instant t) {
    int roll = random.nextInt(100);
    String user = user();
    if (roll < 25) {
      String type = List.of("receipt", "process", "delivery").get(i % 3);
      add(
          SIEM,
          MimecastSiemLines.siemLine(type, t, "agg-" + id(), "news@partner.example", user),
          t);
    } else if (roll < 55) {
      boolean failed = random.nextInt(10) == 0;
      add(OKTA, OktaEvents.login(UUID.fromString(id()), t, user, ip(), !failed, "Dublin"), t);
    } else if (roll < 75) {
      int code = random.nextInt(100) < 8 ? EntraSignIns.WRONG_PASSWORD : 0;
      add(ENTRA, EntraSignIns.signIn(random, t, user, ip(), code, i), t);
    } else if (roll < 85) {
      boolean bad = random.nextInt(50) == 0;
      add(
          URL,
          MimecastUrlClicks.click(
              user,
              "news@partner.example",
              bad
                  ? "https://phish-" + random.nextInt(1000) + ".example/x"
                  : "https://intranet.example/news",
              bad ? "malicious" : "clean",
              bad ? "block" : "allow",
              t,
              "<c" + id() + "@mx.example>"),
          t);
    } else if (roll < 89) {
      add(
          ATTACHMENT,
          MimecastAttachmentLogs.attachment(
              "billing@vendor.example", user, "report.pdf", sha256(), "safe", t, "<a" + id() + ">"),
          t);
    } else if (roll < 92) {
      String type =
          random.nextInt(17) == 0
              ? "Logon Authentication Failed"
              : "Logon Authentication Succeeded";
      add(
          AUDIT,
          MimecastAuditEvents.audit(
              "eNqr" + id(),
              type,
              user,
              t,
              "Authentication for " + user + ", Application: mimecast-moa"),
          t);
    } else if (roll < 95) {
      add(DLP, MimecastDlpLogs.dlp(user, "partner@vendor.example", "PII", "notify", t, i), t);
    } else if (roll < 98) {
      add(
          FALCON,
          FalconAlerts.alert(
              random,
              random.nextBoolean() ? FalconAlerts.ADWARE : FalconAlerts.RECON,
              random.nextInt(8),
              t,
              t.plusSeconds(120)),
          t);
    } else {
      add(
          IMPERSONATION,
          MimecastImpersonationLogs.impersonation(
              "MTOKEN:" + id(), "promo@lookalike.example", user, false, t),
          t);
    }
  }

  private void attacks(int a, Instant t) {
    // an Okta brute force: 12 failures 5 s apart, then a success
    String victim = "victim" + a + "@corp.example";
    for (int i = 0; i <= 12; i++) {
      add(
          OKTA,
          OktaEvents.login(
              UUID.fromString(id()),
              t.plusSeconds(5L * i),
              victim,
              "198.51.100.77",
              i == 12,
              "Lagos"),
          t.plusSeconds(5L * i));
    }
    expected.add(new ExpectedAlert("auth.failed-login-burst", victim));
    expected.add(new ExpectedAlert("auth.success-after-failures", victim));
    // an Entra password spray: 12 users, one address
    String sprayIp = "185.220.101." + (a % 250);
    for (int i = 0; i < 12; i++) {
      Instant at = t.plusSeconds(90 + 7L * i);
      add(
          ENTRA,
          EntraSignIns.signIn(
              random, at, "sprayed" + i + "@corp.example", sprayIp, EntraSignIns.WRONG_PASSWORD, 1),
          at);
    }
    expected.add(new ExpectedAlert("auth.password-spray", sprayIp));
    // an allowed malicious click, a second one, and the clicker's logon two minutes later
    String clicker = "clicker" + a + "@corp.example";
    String phish = "https://login-verify-" + a + ".example/sso";
    for (int i = 0; i < 2; i++) {
      Instant at = t.plusSeconds(200 + 30L * i);
      add(
          URL,
          MimecastUrlClicks.click(
              clicker, "it@corp-help.example", phish, "malicious", "allow", at, "<p" + id() + ">"),
          at);
    }
    Instant login = t.plusSeconds(350);
    add(
        OKTA,
        OktaEvents.login(UUID.fromString(id()), login, clicker, "203.0.113.44", true, "Dublin"),
        login);
    expected.add(new ExpectedAlert("url.repeat-malicious-click", clicker));
    expected.add(new ExpectedAlert("correlated.click-then-login", clicker));
    // a click campaign: five users click one malicious link
    String campaign = "https://bonus-" + a + ".example/q3";
    for (int i = 0; i < 5; i++) {
      Instant at = t.plusSeconds(400 + 11L * i);
      add(
          URL,
          MimecastUrlClicks.click(
              "campaign" + i + "@corp.example",
              "hr@corp-payroll.example",
              campaign,
              "malicious",
              "block",
              at,
              "<q" + id() + ">"),
          at);
    }
    expected.add(new ExpectedAlert("url.click-campaign", campaign));
    // an attachment campaign: one malicious file to five recipients
    String hash = sha256();
    for (int i = 0; i < 5; i++) {
      Instant at = t.plusSeconds(500 + 13L * i);
      add(
          ATTACHMENT,
          MimecastAttachmentLogs.attachment(
              "billing@vend0r.example",
              "finance" + i + "@corp.example",
              "invoice.pdf",
              hash,
              "malicious",
              at,
              "<f" + id() + ">"),
          at);
    }
    expected.add(new ExpectedAlert("email.attachment-campaign", hash));
    // three DLP blocks by one sender
    String leaker = "leaker" + a + "@corp.example";
    for (int i = 0; i < 3; i++) {
      Instant at = t.plusSeconds(600 + 60L * i);
      add(
          DLP,
          MimecastDlpLogs.dlp(
              leaker, "me@personal.example", "Credit cards", "block", at, 90_000 + i),
          at);
    }
    expected.add(new ExpectedAlert("dlp.repeat-violations", leaker));
    // an impersonation of the CEO
    Instant at = t.plusSeconds(800);
    add(
        IMPERSONATION,
        MimecastImpersonationLogs.impersonation(
            "MTOKEN:" + id(), "ceo@corp-example.co", VIP, true, at),
        at);
    expected.add(new ExpectedAlert("email.vip-impersonation", VIP));
  }

  private String sha256() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
