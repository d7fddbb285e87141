package io.sluice.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.streams.testing.OktaEvents;
import io.sluice.streams.testing.TopologyHarness;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One record stamped 2199 used to move stream time for everything: no rule fired afterwards and
 * dedup stopped dropping redeliveries. Now it is a bad clock: DLQ'd as {@code future_time}, and it
 * moves no clock.
 */
class BadClockTest {
  private static final Instant NOON = Instant.parse("2024-05-02T12:00:00Z");
  private final TopologyHarness harness =
      new TopologyHarness(new RuleLoader().load(Optional.empty()));

  @AfterEach
  void close() {
    harness.close();
  }

  /** As a connector publishes it: Kafka timestamp = when it was fetched. */
  private void fetched(ObjectNode event, Instant fetchedAt) {
    harness.okta.pipeInput(
        event.get("uuid").asText().getBytes(StandardCharsets.UTF_8),
        event.toString().getBytes(StandardCharsets.UTF_8),
        fetchedAt);
  }

  @Test
  void shouldDeadLetterAFutureStampedRecordAndKeepEveryRuleAndDedupWorking() {
    fetched(
        OktaEvents.failedLogin("ann@corp.example", Instant.parse("2199-01-01T00:00:00Z")), NOON);

    TestRecord<byte[], byte[]> dead = harness.dlq.readRecord();
    assertThat(
            new String(dead.headers().lastHeader("sluice.reason").value(), StandardCharsets.UTF_8))
        .isEqualTo("future_time");
    assertThat(
            new String(
                dead.headers().lastHeader("sluice.reason.detail").value(), StandardCharsets.UTF_8))
        .contains("2199-01-01T00:00:00Z")
        .contains("time.max-future");
    assertThat(harness.authentication.isEmpty()).isTrue();

    // afterwards: a burst still fires, and a redelivery is still dropped
    for (int i = 0; i < 10; i++) {
      Instant t = NOON.plusSeconds(30L * i);
      ObjectNode failure = OktaEvents.failedLogin("ann@corp.example", t);
      fetched(failure, t.plusSeconds(5));
      if (i == 3) {
        fetched(failure, t.plusSeconds(60));
      }
    }

    assertThat(harness.authAlerts.readValuesToList())
        .extracting(a -> a.getRule().getId())
        .contains("auth.failed-login-burst");
    assertThat(harness.authentication.readValuesToList()).hasSize(10);
    assertThat(harness.metrics.count("sluice_duplicates_dropped", "source", "okta.system-log"))
        .isEqualTo(1.0);
    assertThat(harness.dlq.isEmpty()).isTrue();
  }

  @Test
  void shouldAcceptAnEventTimeWithinTheAllowanceAheadOfItsFetch() {
    // the twin: a vendor clock 50 minutes ahead is skew, not a bad clock
    fetched(OktaEvents.failedLogin("ann@corp.example", NOON.plus(Duration.ofMinutes(50))), NOON);

    assertThat(harness.authentication.readValuesToList()).hasSize(1);
    assertThat(harness.dlq.isEmpty()).isTrue();
  }
}
