package io.sluice.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.schemas.Alert;
import io.sluice.streams.normalize.FeedMappers;
import io.sluice.streams.replay.Replay;
import io.sluice.streams.testing.OktaEvents;
import io.sluice.streams.testing.TopologyHarness;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sigma correlations with an upper bound, decided when their window closes (docs/sigma.md, "Upper
 * bounds"), through the production topology: what the conformance pack cannot show (metrics, caps,
 * suppression, alert contents, live updates) and the combinations refused at load.
 */
class SigmaUpperBoundTest {
  static final String ID = "0c6f4f2e-9a51-4d0b-8a7e-5b1c00000201";
  private static final Instant NOON = Instant.parse("2024-05-02T12:00:00Z");
  private static final Instant WINDOW_END = NOON.plus(Duration.ofMinutes(10));

  /**
   * An Okta event of another key more than a grace past the windows starting before 12:05: moves
   * the feed clock beyond them.
   */
  private static final Instant CLOSES = WINDOW_END.plus(Duration.ofMinutes(65));

  private static final String ANN = "ann@corp.example";
  private static final String BOB = "bob@corp.example";
  private static final String CARL = "carl@corp.example";

  static String detections() throws IOException {
    return SigmaEngineTest.resource("/sigma-conformance/_rules/okta-detections.yml");
  }

  /** An event_count of Okta failures per user over 10 minutes, with the given condition. */
  static String fewFailures(String condition) {
    return eventCount(ID, "failed_login", condition);
  }

  /** An event_count per Okta user over 10 minutes; its name is {@code counts_<rule>}. */
  static String eventCount(String id, String rule, String condition) {
    return """
        title: Counts of %s
        id: %s
        name: counts_%s
        correlation:
          type: event_count
          rules: [%s]
          group-by: [actor.alternateId]
          timespan: 10m
          condition: %s
        """
        .formatted(rule, id, rule, rule, condition);
  }

  private TopologyHarness harness;
  private LiveRules live;

  @AfterEach
  void close() {
    if (harness != null) {
      harness.close();
    }
  }

  private void start(Map<String, String> files) throws IOException {
    Map<String, String> fixed = new LinkedHashMap<>(new RuleLoader().files(Optional.empty()));
    fixed.put("okta-detections.yml", detections());
    fixed.putAll(files);
    live = new LiveRules(fixed, Map.of(), outcome -> {});
    harness = new TopologyHarness(live);
  }

  private void failures(String user, Instant from, int n) {
    for (int i = 0; i < n; i++) {
      harness.sendOkta(OktaEvents.failedLogin(user, from.plusSeconds(5L * i)));
    }
  }

  /** Moves the Okta feed clock past the windows of noon, then lets the idle-key scan run. */
  private void closeNoonWindows() {
    harness.sendOkta(OktaEvents.failedLogin("closer@corp.example", CLOSES));
    harness.driver.advanceWallClockTime(Duration.ofSeconds(1));
  }

  private List<Alert> alerts() {
    return harness.alerts(Rule.Area.SIGMA).readValuesToList().stream()
        .filter(a -> a.getRule().getId().equals(ID))
        .toList();
  }

  private double late() {
    return harness.metrics.count("sluice_late_events", "rule", ID, "source", "okta.system-log");
  }

  @Test
  void shouldRaiseTheAlertOfAClosedWindowOnBothAlertTopicsWithItsIdWindowAndEvidence()
      throws IOException {
    start(Map.of("few.yml", fewFailures("{lte: 20}")));
    failures(ANN, NOON, 12);
    assertThat(alerts()).as("not decided while the window can grow").isEmpty();

    closeNoonWindows();

    List<String> ocsf = harness.ocsfAlerts().readValuesToList();
    assertThat(alerts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getAlertId())
                  .isEqualTo(AlertFactory.alertId(ID, ANN, WINDOW_END.toEpochMilli()));
              assertThat(a.getWindowStart()).isEqualTo(NOON);
              assertThat(a.getWindowEnd()).isEqualTo(WINDOW_END);
              assertThat(a.getEventCount()).isEqualTo(12);
              assertThat(a.getEvidence()).hasSize(10);
              assertThat(a.getEvidence().get(9).getTime()).isEqualTo(NOON.plusSeconds(55));
              assertThat(a.getContext()).containsEntry("upper_bound", "20");
              assertThat(ocsf).anySatisfy(json -> assertThat(json).contains(a.getAlertId()));
            });
  }

  /** Ann's two failures at noon, decided: the window [12:00, 12:10) closed and fired. */
  private void annsNoonWindowClosed() throws IOException {
    start(Map.of("few.yml", fewFailures("{lt: 3}")));
    failures(ANN, NOON, 2);
    closeNoonWindows();
  }

  @Test
  void shouldCountAnEventArrivingAfterItsWindowClosedAsLateForTheRule() throws IOException {
    annsNoonWindowClosed();

    failures(ANN, NOON.plus(Duration.ofMinutes(5)), 1);

    assertThat(alerts()).hasSize(1);
    assertThat(late()).isEqualTo(1.0);
  }

  @Test
  void shouldCountAnEventAfterTheClosedWindowInAWindowOfItsOwn() throws IOException {
    // the twin of the test above: 12:12 is after the window [12:00, 12:10) that closed
    annsNoonWindowClosed();

    failures(ANN, NOON.plus(Duration.ofMinutes(12)), 1);
    harness.sendOkta(
        OktaEvents.failedLogin("closer@corp.example", CLOSES.plus(Duration.ofMinutes(12))));
    harness.driver.advanceWallClockTime(Duration.ofSeconds(1));

    assertThat(late()).isZero();
    assertThat(alerts())
        .extracting(Alert::getWindowEnd)
        .containsExactly(WINDOW_END, WINDOW_END.plus(Duration.ofMinutes(12)));
  }

  @Test
  void shouldHoldBackClosedWindowsOverTheHourlyCapInTheStateStore() throws IOException {
    start(
        Map.of(
            "few.yml",
            fewFailures("{lt: 3}"),
            "cap.yaml",
            "overrides:\n  - {id: " + ID + ", max_alerts_per_hour: 1}\n"));
    failures(ANN, NOON, 2);
    failures(CARL, NOON, 2);
    closeNoonWindows();

    assertThat(alerts()).extracting(a -> a.getEntity().getValue()).containsExactly(ANN);
    assertThat(harness.metrics.count("sluice_alerts_capped", "rule", ID)).isEqualTo(1.0);
  }

  @Test
  void shouldRaiseEveryClosedWindowWithoutACap() throws IOException {
    // the twin of the test above
    start(Map.of("few.yml", fewFailures("{lt: 3}")));
    failures(ANN, NOON, 2);
    failures(CARL, NOON, 2);
    closeNoonWindows();

    assertThat(alerts()).extracting(a -> a.getEntity().getValue()).containsExactly(ANN, CARL);
    assertThat(harness.metrics.count("sluice_alerts_capped", "rule", ID)).isZero();
  }

  @Test
  void shouldSuppressAWindowEndingBeforeTheSuppressionBoundOfTheLastAlert() throws IOException {
    start(
        Map.of(
            "few.yml",
            fewFailures("{lt: 3}"),
            "suppress.yaml",
            "overrides:\n  - {id: " + ID + ", suppress: 30m}\n"));
    failures(ANN, NOON, 2);
    failures(ANN, NOON.plus(Duration.ofMinutes(12)), 2); // the next window, ending 12:22
    harness.sendOkta(OktaEvents.failedLogin(BOB, CLOSES.plus(Duration.ofMinutes(13))));
    harness.driver.advanceWallClockTime(Duration.ofSeconds(1));

    // 12:22 is before 12:10 + 30m; the twin, with suppression the timespan, is the conformance
    // case upper-after-closed-window (two alerts)
    assertThat(alerts()).extracting(Alert::getWindowEnd).containsExactly(WINDOW_END);
  }

  @Nested
  class LiveUpdates {
    private void push(String text) {
      harness
          .driver
          .createInputTopic(RulesTopic.TOPIC, new StringSerializer(), new StringSerializer())
          .pipeInput("few", text);
    }

    @Test
    void shouldKeepAnOpenWindowWhenOnlyTheNumbersChange() throws IOException {
      start(Map.of());
      push(fewFailures("{lt: 3}"));
      failures(ANN, NOON, 2);

      push(fewFailures("{lt: 5}"));
      failures(ANN, NOON.plus(Duration.ofMinutes(1)), 2);
      closeNoonWindows();

      assertThat(live.current().all()).extracting(CompiledRule::id).contains(ID);
      assertThat(alerts()).singleElement().extracting(Alert::getEventCount).isEqualTo(4);
    }

    @Test
    void shouldStartAfreshWhenTheRuleChangesWhatItCounts() throws IOException {
      // the twin of the test above: value_count keeps no event_count windows
      start(Map.of());
      push(fewFailures("{lt: 3}"));
      failures(ANN, NOON, 2);

      push(fewFailures("{lt: 5, field: client.ipAddress}").replace("event_count", "value_count"));
      failures(ANN, NOON.plus(Duration.ofMinutes(1)), 2);
      closeNoonWindows();

      assertThat(alerts())
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.getEventCount()).isEqualTo(2);
                assertThat(a.getDistinctCount()).isEqualTo(1);
                assertThat(a.getWindowStart()).isEqualTo(NOON.plus(Duration.ofMinutes(1)));
              });
    }
  }

  @Nested
  class Replays {
    private String line(String user, Instant time) {
      return "{\"topic\":\"raw.okta.system-log\",\"value\":"
          + OktaEvents.failedLogin(user, time)
          + "}\n";
    }

    private List<String> replayed(String input, @TempDir Path dir) throws IOException {
      Files.writeString(dir.resolve("okta-detections.yml"), detections());
      Files.writeString(dir.resolve("few.yml"), fewFailures("{lt: 3}"));
      List<String> raised = new java.util.ArrayList<>();
      try (Replay replay = new Replay(FeedMappers.all(), new RuleLoader().load(Optional.of(dir)))) {
        replay.run(
            new BufferedReader(new StringReader(input)),
            out -> {
              if (out.at("/value/rule/id").asText().equals(ID)) {
                raised.add(out.at("/value/entity/value").asText());
              }
            });
      }
      return raised;
    }

    @Test
    void shouldDecideAQuietKeysClosedWindowAtTheEndOfTheInput(@TempDir Path dir)
        throws IOException {
      String input = line(ANN, NOON) + line(ANN, NOON.plusSeconds(60)) + line(BOB, CLOSES);

      assertThat(replayed(input, dir)).containsExactly(ANN);
    }

    @Test
    void shouldLeaveAWindowTheFeedClockHasNotClosedUndecided(@TempDir Path dir) throws IOException {
      // the twin of the test above: bob's failure is within a grace of ann's window end
      String input =
          line(ANN, NOON) + line(ANN, NOON.plusSeconds(60)) + line(BOB, WINDOW_END.plusSeconds(60));

      assertThat(replayed(input, dir)).isEmpty();
    }
  }
}
