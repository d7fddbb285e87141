package io.sluice.streams.views;

import static io.sluice.streams.views.ViewScenario.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.streams.detect.RuleLoader;
import io.sluice.streams.testing.RuleHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The view aggregates of the production topology in TopologyTestDriver, for a known scenario. */
class ViewsTopologyTest {
  private static final Instant START = Instant.parse("2024-05-02T10:00:00Z");
  private final RuleHarness harness = new RuleHarness(new RuleLoader().load(Optional.empty()));

  @org.junit.jupiter.api.BeforeEach
  void knowTheCeoIsAVip() {
    harness.vips.pipeInput(CEO, CEO_VIP_RECORD);
  }

  @AfterEach
  void close() {
    harness.close();
  }

  private ViewData data() {
    // the aggregates reach the stores once a second of wall-clock time
    harness.driver.advanceWallClockTime(ViewsProcessor.FLUSH_INTERVAL);
    return ViewData.read(store(ViewsTopology.EVENTS_STORE), store(ViewsTopology.ALERTS_STORE));
  }

  private KeyValueStore<String, byte[]> store(String name) {
    return harness.driver.getKeyValueStore(name);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> rows(Map<String, Object> view, String list) {
    return (List<Map<String, Object>>) view.get(list);
  }

  @Test
  void shouldRankMaliciousUrlsDomainsAndRepeatClickers() {
    events(START).forEach(harness::send);

    Map<String, Object> clicks = ViewAnswers.clicks(data());

    assertThat(clicks.get("clicks")).isEqualTo((long) CLICKS);
    assertThat(clicks.get("malicious_clicks")).isEqualTo((long) MALICIOUS_CLICKS);
    assertThat(clicks.get("by_action")).isEqualTo(Map.of("ALLOWED", 5L, "BLOCKED", 2L));
    assertThat(clicks.get("malicious_by_action")).isEqualTo(Map.of("ALLOWED", 3L, "BLOCKED", 2L));
    assertThat(rows(clicks, "top_urls"))
        .containsExactly(
            Map.of("url", EVIL_LOGIN, "clicks", 4L), Map.of("url", PHISH, "clicks", 1L));
    assertThat(rows(clicks, "top_domains"))
        .containsExactly(
            Map.of("domain", "evil.example", "clicks", 4L),
            Map.of("domain", "phish.example", "clicks", 1L));
    assertThat(rows(clicks, "top_users"))
        .containsExactly(
            Map.of("user", MALLORY, "malicious_clicks", 3L),
            Map.of("user", BOB, "malicious_clicks", 1L),
            Map.of("user", CAROL, "malicious_clicks", 1L));
    List<Map<String, Object>> series = rows(clicks, "series");
    assertThat(series.stream().mapToLong(p -> (Long) p.get("malicious")).sum())
        .isEqualTo(MALICIOUS_CLICKS);
    assertThat(series.stream().mapToLong(p -> (Long) p.get("clicks")).sum()).isEqualTo(CLICKS);
    assertThat((List<AlertRow>) clicks.get("alerts"))
        .extracting(AlertRow::rule, AlertRow::entity)
        .contains(org.assertj.core.groups.Tuple.tuple("url.repeat-malicious-click", MALLORY));
  }

  @Test
  @SuppressWarnings("unchecked")
  void shouldCountFailuresByAccountIpAndFeedWithTheBurstAlert() {
    events(START).forEach(harness::send);

    Map<String, Object> auth = ViewAnswers.auth(data());

    assertThat(auth.get("failures")).isEqualTo((long) ERIN_FAILURES);
    assertThat(auth.get("successes")).isEqualTo((long) FRANK_SUCCESSES);
    assertThat(rows(auth, "top_accounts"))
        .containsExactly(Map.of("account", ERIN, "failures", (long) ERIN_FAILURES));
    assertThat(rows(auth, "top_ips"))
        .containsExactly(Map.of("ip", ERIN_IP, "failures", (long) ERIN_FAILURES));
    assertThat(rows(auth, "by_feed"))
        .containsExactly(
            Map.of(
                "feed", "okta.system-log",
                "failures", (long) ERIN_FAILURES,
                "successes", (long) FRANK_SUCCESSES));
    List<AlertRow> alerts = (List<AlertRow>) auth.get("alerts");
    assertThat(alerts).extracting(AlertRow::rule).containsOnly("auth.failed-login-burst");
    assertThat(alerts.get(0).entity()).isEqualTo(ERIN);
    assertThat(alerts.get(0).evidence()).isNotEmpty();
    assertThat(alerts.get(0).evidence().get(0).raw()).startsWith("raw.okta.system-log/0@");
    assertThat((Map<String, Long>) auth.get("alerts_by_rule"))
        .containsEntry("auth.failed-login-burst", (long) alerts.size());
  }

  @Test
  void shouldShowCampaignHashesRecipientsAndVipTargets() {
    events(START).forEach(harness::send);

    Map<String, Object> email = ViewAnswers.email(data());

    assertThat(email.get("impersonation")).isEqualTo(1L);
    assertThat(email.get("attachments_by_verdict")).isEqualTo(Map.of("MALICIOUS", 2L));
    assertThat(rows(email, "top_hashes"))
        .containsExactly(Map.of("sha256", CAMPAIGN_HASH, "messages", 2L));
    assertThat(rows(email, "top_recipients"))
        .containsExactly(
            Map.of("recipient", CEO, "messages", 2L), Map.of("recipient", HAL, "messages", 1L));
    assertThat(rows(email, "vip_targets"))
        .containsExactly(Map.of("recipient", CEO, "messages", 2L));
  }

  @Test
  void shouldCountDlpViolationsByUserPolicyAndAction() {
    events(START).forEach(harness::send);

    Map<String, Object> dlp = ViewAnswers.dlp(data());

    assertThat(dlp.get("violations")).isEqualTo((long) GINA_VIOLATIONS);
    assertThat(dlp.get("by_action")).isEqualTo(Map.of("BLOCKED", (long) GINA_VIOLATIONS));
    assertThat(rows(dlp, "top_users"))
        .containsExactly(Map.of("user", GINA, "violations", (long) GINA_VIOLATIONS));
    assertThat(rows(dlp, "top_policies"))
        .containsExactly(Map.of("policy", "Confidential", "violations", (long) GINA_VIOLATIONS));
  }

  @Test
  @SuppressWarnings("unchecked")
  void shouldFilterTheLatestAlertsByRuleSeverityEntityAndFeed() {
    events(START).forEach(harness::send);
    ViewData data = data();

    Map<String, Object> all = ViewAnswers.alerts(data, null, null, null, null);
    Map<String, Object> burst =
        ViewAnswers.alerts(data, "auth.failed-login-burst", null, null, null);
    Map<String, Object> mallory = ViewAnswers.alerts(data, null, null, "MALLORY", null);
    Map<String, Object> dlpFeed = ViewAnswers.alerts(data, null, null, null, "mimecast.dlp");
    Map<String, Object> none = ViewAnswers.alerts(data, null, "CRITICAL", null, null);

    assertThat((List<AlertRow>) all.get("alerts"))
        .extracting(AlertRow::rule)
        .contains(
            "auth.failed-login-burst",
            "url.repeat-malicious-click",
            "dlp.repeat-violations",
            "email.vip-impersonation");
    assertThat((List<AlertRow>) all.get("alerts"))
        .extracting(AlertRow::detectedAt)
        .isSortedAccordingTo(java.util.Comparator.reverseOrder());
    assertThat((List<AlertRow>) burst.get("alerts"))
        .isNotEmpty()
        .allMatch(a -> a.rule().equals("auth.failed-login-burst"));
    assertThat((List<AlertRow>) mallory.get("alerts"))
        .isNotEmpty()
        .allMatch(a -> a.entity().equals(MALLORY));
    assertThat((List<AlertRow>) dlpFeed.get("alerts"))
        .isNotEmpty()
        .allMatch(a -> a.sources().contains("mimecast.dlp"));
    assertThat(none.get("count")).isEqualTo(0);
    assertThat((Map<String, Long>) all.get("by_rule"))
        .containsKeys("auth.failed-login-burst", "url.repeat-malicious-click");
  }

  @Test
  void shouldWriteNothingToTheStoresUntilTheFlushAndEachKeyOnceAFlush() {
    events(START).forEach(harness::send);
    assertThat(count(ViewsTopology.EVENTS_STORE)).isZero();

    harness.driver.advanceWallClockTime(ViewsProcessor.FLUSH_INTERVAL);

    // 31 events of the scenario fall in a handful of minute, hour and top-list keys
    assertThat(count(ViewsTopology.EVENTS_STORE)).isBetween(3L, 20L);
  }

  @Test
  void shouldDropBucketsOlderThanTheirRetentionAsEventTimeMovesOn() {
    events(START).forEach(harness::send);
    harness.driver.advanceWallClockTime(ViewsProcessor.FLUSH_INTERVAL);
    long minuteOfStart = START.toEpochMilli() / 60_000L;
    assertThat(store(ViewsTopology.EVENTS_STORE).get("m:" + (minuteOfStart + 1))).isNotNull();

    // a day and a bit later, on the same partition (the same user key)
    harness.send(
        io.sluice.streams.testing.Canonical.failure(
            ERIN, ERIN_IP, START.plus(Duration.ofHours(ViewStore.HOURS + 2))));
    Map<String, Object> auth = ViewAnswers.auth(data());

    assertThat(store(ViewsTopology.EVENTS_STORE).get("m:" + (minuteOfStart + 1))).isNull();
    assertThat(auth.get("failures")).isEqualTo(1L);
    assertThat(rows(auth, "top_accounts")).containsExactly(Map.of("account", ERIN, "failures", 1L));
  }

  @Test
  void shouldAddAboutOneChangelogRecordPerHundredEventsAtAThousandEventsASecond() {
    int events = 10_000;
    for (int i = 0; i < events; i++) {
      Instant t = START.plus(Duration.ofMillis(60L * i)); // ten minutes of event time
      harness.send(
          io.sluice.streams.testing.Canonical.click(
              "staff-" + i % 500 + "@corp.example",
              "https://intranet.corp.example/" + i,
              io.sluice.schemas.Verdict.CLEAN,
              io.sluice.schemas.EmailAction.ALLOWED,
              t,
              false));
      if (i % 1_000 == 999) {
        harness.driver.advanceWallClockTime(ViewsProcessor.FLUSH_INTERVAL); // 1,000 events/s
      }
    }

    long changelog =
        harness
            .driver
            .createOutputTopic(
                "sluice-rules-test-" + ViewsTopology.EVENTS_STORE + "-changelog",
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())
            .getQueueSize();

    System.out.printf(
        "views-events changelog: %d records for %d events (%.4f per event)%n",
        changelog, events, (double) changelog / events);
    // ten flushes, each writing the minute and hour keys the second touched
    assertThat(changelog).isPositive().isLessThanOrEqualTo(events / 100);
  }

  private long count(String store) {
    long n = 0;
    try (var all = store(store).all()) {
      while (all.hasNext()) {
        all.next();
        n++;
      }
    }
    return n;
  }
}
