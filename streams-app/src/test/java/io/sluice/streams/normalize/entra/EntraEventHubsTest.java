package io.sluice.streams.normalize.entra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.schemas.AuthenticationEvent;
import io.sluice.streams.canonical.EventIds;
import io.sluice.streams.normalize.DlqHeaders;
import io.sluice.streams.normalize.NormalizeProcessor;
import io.sluice.streams.testing.TopologyHarness;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Sign-ins landed from Event Hubs (Azure Monitor diagnostic settings): one Kafka record holding
 * {@code {"records":[…]}} becomes one canonical record per sign-in, each with its own event id and
 * position, and each deduplicated and dead-lettered on its own.
 */
class EntraEventHubsTest {
  private static final Instant T = Instant.parse("2024-05-02T19:15:41Z");
  private static final Instant FETCHED = Instant.parse("2024-05-02T19:20:00Z");
  private final TopologyHarness harness = new TopologyHarness(List.of());
  private final TestInputTopic<byte[], byte[]> entra =
      harness.driver.createInputTopic(
          "raw.entra.signins", new ByteArraySerializer(), new ByteArraySerializer());

  @AfterEach
  void close() {
    harness.close();
  }

  private void send(ObjectNode value) {
    entra.pipeInput(null, value.toString().getBytes(StandardCharsets.UTF_8), FETCHED);
  }

  private double count(String metric) {
    return harness.metrics.count(metric, "source", "entra.signins");
  }

  private static String header(TestRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  @Test
  void shouldFanAnEnvelopeOutIntoOneSignInPerRecord() {
    send(
        EntraSignIns.eventHubsMessage(
            EntraSignIns.diagnosticRecord("ann@corp.example", T),
            EntraSignIns.diagnosticRecord("bob@corp.example", T.plusSeconds(1)),
            EntraSignIns.diagnosticRecord("cid@corp.example", T.plusSeconds(2))));

    List<AuthenticationEvent> events = harness.authentication.readValuesToList();
    assertThat(events)
        .extracting(e -> e.getUser().getName())
        .containsExactly("ann@corp.example", "bob@corp.example", "cid@corp.example");
    assertThat(events).extracting(e -> e.getMetadata().getEventId()).doesNotHaveDuplicates();
    assertThat(events)
        .extracting(e -> e.getMetadata().getUnmapped().get(NormalizeProcessor.RAW_INDEX))
        .containsExactly("0", "1", "2");
    assertThat(events)
        .extracting(e -> e.getMetadata().getRawRef().getTopic())
        .containsOnly("raw.entra.signins");
    assertThat(count("sluice_raw_records")).isEqualTo(3.0);
    assertThat(count("sluice_raw_kafka_records")).isEqualTo(1.0);
  }

  @Test
  void shouldGiveARecordInTheEnvelopeTheIdItHasWhenAForwarderSendsItAlone() {
    ObjectNode ann = EntraSignIns.diagnosticRecord("ann@corp.example", T);

    send(EntraSignIns.eventHubsMessage(ann));
    send(ann);

    String alone =
        EventIds.eventId("entra.signins", ann.toString().getBytes(StandardCharsets.UTF_8));
    assertThat(harness.authentication.readValue().getMetadata().getEventId()).isEqualTo(alone);
    assertThat(harness.authentication.isEmpty()).isTrue();
    assertThat(count("sluice_duplicates_dropped")).isEqualTo(1.0);
  }

  @Test
  void shouldDeadLetterOnlyTheBadRecordOfAnEnvelope() {
    ObjectNode nobody = EntraSignIns.diagnosticRecord("bob@corp.example", T);
    ((ObjectNode) nobody.get("properties")).remove("userPrincipalName");

    send(
        EntraSignIns.eventHubsMessage(
            EntraSignIns.diagnosticRecord("ann@corp.example", T), nobody));

    assertThat(harness.authentication.readValuesToList()).hasSize(1);
    TestRecord<byte[], byte[]> dead = harness.dlq.readRecord();
    assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo(nobody.toString());
    assertThat(header(dead, DlqHeaders.REASON)).isEqualTo("missing_field:userPrincipalName");
    assertThat(header(dead, DlqHeaders.EVENT_INDEX)).isEqualTo("1");
    assertThat(count("sluice_raw_records")).isEqualTo(2.0);
  }

  @Test
  void shouldMapASingleForwardedDiagnosticRecordAndAGraphSignInSideBySide() {
    send(EntraSignIns.diagnosticRecord("ann@corp.example", T));
    send(EntraSignIns.failedSignIn("bob@corp.example", T));

    assertThat(harness.authentication.readValuesToList())
        .extracting(e -> e.getUser().getName())
        .containsExactly("ann@corp.example", "bob@corp.example");
    assertThat(harness.dlq.isEmpty()).isTrue();
  }

  @Test
  void shouldNameAWholeGraphPageAPageEnvelope() {
    ObjectNode page = EntraSignIns.sample().objectNode();
    page.put("@odata.context", "https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns");
    page.putArray("value").add(EntraSignIns.sample());

    send(page);

    TestRecord<byte[], byte[]> dead = harness.dlq.readRecord();
    assertThat(header(dead, DlqHeaders.REASON)).isEqualTo("page_envelope");
    assertThat(header(dead, DlqHeaders.REASON_DETAIL)).contains("value[]");
  }
}
