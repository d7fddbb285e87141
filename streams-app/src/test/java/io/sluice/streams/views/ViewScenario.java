package io.sluice.streams.views;

import io.sluice.schemas.DlpAction;
import io.sluice.schemas.EmailAction;
import io.sluice.schemas.Verdict;
import io.sluice.streams.testing.Canonical;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * One known day of canonical events for the views, the same in TopologyTestDriver and against the
 * running app: the numbers below are what each view must show.
 */
final class ViewScenario {
  static final String MALLORY = "mallory@corp.example";
  static final String BOB = "bob@corp.example";
  static final String CAROL = "carol@corp.example";
  static final String DAVE = "dave@corp.example";
  static final String ERIN = "erin@corp.example";
  static final String FRANK = "frank@corp.example";
  static final String GINA = "gina@corp.example";
  static final String CEO = "ceo@corp.example";
  static final String HAL = "hal@corp.example";

  static final String EVIL_LOGIN = "https://evil.example/login";
  static final String PHISH = "https://phish.example/pay";
  static final String ERIN_IP = "203.0.113.9";
  static final String CAMPAIGN_HASH =
      "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  /** The VIP list's record for the CEO (reference.vip-users), without which no VIP rule fires. */
  static final String CEO_VIP_RECORD = "{\"title\":\"CEO\"}";

  /** Mallory 3 + Bob 1 on evil.example, Carol 1 on phish.example: all malicious. */
  static final int MALICIOUS_CLICKS = 5;

  /** Plus Dave's 2 clean clicks. */
  static final int CLICKS = 7;

  static final int ERIN_FAILURES = 12;
  static final int FRANK_SUCCESSES = 2;
  static final int GINA_VIOLATIONS = 3;

  private ViewScenario() {}

  /** The events, in time order, a few seconds apart from {@code start}. */
  static List<SpecificRecord> events(Instant start) {
    List<SpecificRecord> events = new ArrayList<>();
    Instant[] t = {start};
    java.util.function.Supplier<Instant> next =
        () -> {
          t[0] = t[0].plus(Duration.ofSeconds(7));
          return t[0];
        };
    for (int i = 0; i < 3; i++) {
      events.add(
          Canonical.click(
              MALLORY, EVIL_LOGIN, Verdict.MALICIOUS, EmailAction.ALLOWED, next.get(), false));
    }
    events.add(
        Canonical.click(
            BOB, EVIL_LOGIN, Verdict.MALICIOUS, EmailAction.BLOCKED, next.get(), false));
    events.add(
        Canonical.click(CAROL, PHISH, Verdict.MALICIOUS, EmailAction.BLOCKED, next.get(), false));
    for (int i = 0; i < 2; i++) {
      events.add(
          Canonical.click(
              DAVE,
              "https://intranet.corp.example/",
              Verdict.CLEAN,
              EmailAction.ALLOWED,
              next.get(),
              false));
    }
    for (int i = 0; i < ERIN_FAILURES; i++) {
      events.add(Canonical.failure(ERIN, ERIN_IP, next.get()));
    }
    for (int i = 0; i < FRANK_SUCCESSES; i++) {
      events.add(Canonical.success(FRANK, next.get()));
    }
    for (int i = 0; i < GINA_VIOLATIONS; i++) {
      events.add(Canonical.dlp(GINA, DlpAction.BLOCKED, next.get(), false));
    }
    events.add(Canonical.attachment(HAL, CAMPAIGN_HASH, Verdict.MALICIOUS, next.get(), false));
    events.add(Canonical.attachment(CEO, CAMPAIGN_HASH, Verdict.MALICIOUS, next.get(), true));
    events.add(Canonical.impersonation(CEO, next.get(), true));
    return events;
  }
}
