package io.sluice.sandbox.simulators;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Mimecast TTP URL Protect click logs ({@code data[].clickLogs[]}), with the field names of
 * Elastic's pipeline test logs and made-up values.
 */
public final class MimecastUrlClicks {
  private MimecastUrlClicks() {}

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
        + MimecastEvents.time(date)
        + "\",\"actions\":\""
        + (action.equals("block") ? "Block" : "Allow")
        + "\",\"route\":\"inbound\",\"creationMethod\":\"User Click\","
        + "\"emailPartsDescription\":[\"Body\"],\"messageId\":\""
        + messageId
        + "\"}";
  }

  /**
   * The scenario's url clicks: benign ones, repeat malicious clicks by one user, two in the same
   * second and the click-then-login user's click.
   */
  static List<String> scenario(
      Random random, long seed, Instant start, Duration step, Instant middle, int benign) {
    List<String> clicks = new ArrayList<>();
    for (int i = 0; i < benign; i++) {
      clicks.add(
          MimecastUrlClicks.click(
              MimecastEvents.user(random),
              "news@partner.example",
              MimecastEvents.SAFE_URLS[random.nextInt(MimecastEvents.SAFE_URLS.length)],
              "clean",
              "allow",
              start.plus(step.multipliedBy(i)),
              "<c" + i + "-" + Long.toHexString(random.nextLong()) + "@mx.example>"));
    }
    String phish = "https://login-micros0ft.example/reset?u=";
    for (int i = 0; i < 3; i++) { // repeat malicious clicks by one user
      clicks.add(
          MimecastUrlClicks.click(
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
        MimecastUrlClicks.click(
            "dev@corp.example",
            "news@partner.example",
            MimecastEvents.SAFE_URLS[0],
            "clean",
            "allow",
            middle.plus(Duration.ofSeconds(200)),
            "<same-second-1@mx.example>"));
    clicks.add(
        MimecastUrlClicks.click(
            "dev@corp.example",
            "news@partner.example",
            MimecastEvents.SAFE_URLS[1],
            "clean",
            "allow",
            middle.plus(Duration.ofSeconds(200)),
            "<same-second-2@mx.example>"));
    clicks.add(
        MimecastUrlClicks.click(
            MimecastEvents.CLICK_THEN_LOGIN_USER,
            "hr@payroll-update.example",
            phish + "carla",
            "malicious",
            "warn",
            middle.plus(Duration.ofSeconds(300)),
            "<phish-carla@mx.example>"));
    return clicks;
  }
}
