package io.sluice.streams.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.schemas.AuthenticationEvent;
import io.sluice.streams.normalize.entra.EntraSignIns;
import io.sluice.streams.testing.OktaEvents;
import io.sluice.streams.testing.TopologyHarness;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Dedup, VIP enrichment and metrics of the normalising part of the topology. */
class PipelineBehaviourTest {
  private static final Instant T = Instant.parse("2024-05-02T12:00:00Z");
  private final TopologyHarness harness = new TopologyHarness(List.of());

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void shouldDropAndCountARedeliveredRawRecord() {
    var event = OktaEvents.failedLogin("ann@corp.example", T);

    harness.sendOkta(event);
    harness.sendOkta(event);
    harness.sendOkta(OktaEvents.failedLogin("ann@corp.example", T.plusSeconds(1)));

    assertThat(harness.authentication.readValuesToList()).hasSize(2);
    assertThat(harness.metrics.count("sluice_duplicates_dropped", "source", "okta.system-log"))
        .isEqualTo(1.0);
    assertThat(harness.metrics.count("sluice_raw_records", "source", "okta.system-log"))
        .isEqualTo(3.0);
  }

  @Test
  void shouldForwardARedeliveryOnceTheDedupWindowHasPassed() {
    var event = OktaEvents.failedLogin("ann@corp.example", T);
    harness.sendOkta(event);
    // stream time moves 25 h on; the first record's dedup segment expires
    harness.sendOkta(OktaEvents.failedLogin("bob@corp.example", T.plusSeconds(25 * 3600)));
    harness.sendOkta(OktaEvents.failedLogin("bob@corp.example", T.plusSeconds(50 * 3600)));

    harness.sendOkta(event);

    assertThat(harness.authentication.readValuesToList())
        .extracting(e -> e.getUser().getName())
        .containsExactly(
            "ann@corp.example", "bob@corp.example", "bob@corp.example", "ann@corp.example");
    assertThat(harness.metrics.count("sluice_duplicates_dropped", "source", "okta.system-log"))
        .isZero();
  }

  /**
   * Every feed's dedup slots share a task's one store, each under its own prefix with its own
   * clock: Okta running 50 h ahead does not push an Entra redelivery out of Entra's window. The
   * twin above shows the window does expire within one feed.
   */
  @Test
  void shouldDropARedeliveryOfAFeedFarBehindAnotherInTheSameStore() {
    TestInputTopic<byte[], byte[]> entra =
        harness.driver.createInputTopic(
            "raw.entra.signins", new ByteArraySerializer(), new ByteArraySerializer());
    byte[] signIn =
        EntraSignIns.failedSignIn("ann@corp.example", T)
            .toString()
            .getBytes(StandardCharsets.UTF_8);
    entra.pipeInput(null, signIn, T.plusSeconds(60));
    harness.sendOkta(OktaEvents.failedLogin("bob@corp.example", T.plusSeconds(25 * 3600)));
    harness.sendOkta(OktaEvents.failedLogin("bob@corp.example", T.plusSeconds(50 * 3600)));

    entra.pipeInput(null, signIn, T.plusSeconds(120));

    assertThat(harness.authentication.readValuesToList())
        .extracting(e -> e.getMetadata().getSource().toString())
        .containsExactly("entra.signins", "okta.system-log", "okta.system-log");
    assertThat(harness.metrics.count("sluice_duplicates_dropped", "source", "entra.signins"))
        .isEqualTo(1.0);
  }

  @Test
  void shouldMarkAUserListedInTheVipReferenceTopic() {
    harness.vips.pipeInput("ann@corp.example", "{\"title\":\"CFO\",\"criticality\":\"high\"}");

    harness.sendOkta(OktaEvents.failedLogin("Ann@Corp.Example", T));
    harness.sendOkta(OktaEvents.failedLogin("bob@corp.example", T));

    List<AuthenticationEvent> events = harness.authentication.readValuesToList();
    assertThat(events)
        .extracting(e -> e.getUser().getName())
        .containsExactly("ann@corp.example", "bob@corp.example");
    assertThat(events).extracting(e -> e.getUser().getVip()).containsExactly(true, false);
  }

  @Test
  void shouldStopMarkingAVipAfterATombstone() {
    harness.vips.pipeInput("ann@corp.example", "{\"title\":\"CFO\"}");
    harness.vips.pipeInput("ann@corp.example", (String) null);

    harness.sendOkta(OktaEvents.failedLogin("ann@corp.example", T));

    assertThat(harness.authentication.readValue().getUser().getVip()).isFalse();
  }

  @Test
  void shouldCountCanonicalEventsAndDeadLettersByReason() {
    harness.sendOkta(OktaEvents.failedLogin("ann@corp.example", T));
    harness.sendRaw("not json");
    harness.okta.pipeInput(null, "[1,2]".getBytes(StandardCharsets.UTF_8));

    assertThat(
            harness.metrics.count(
                "sluice_canonical_events", "source", "okta.system-log", "class", "authentication"))
        .isEqualTo(1.0);
    assertThat(
            harness.metrics.count(
                "sluice_dead_letters", "source", "okta.system-log", "reason", "not_json"))
        .isEqualTo(1.0);
    assertThat(
            harness.metrics.count(
                "sluice_dead_letters", "source", "okta.system-log", "reason", "unknown_shape"))
        .isEqualTo(1.0);
    assertThat(harness.dlq.readRecordsToList()).hasSize(2);
  }
}
