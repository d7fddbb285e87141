package io.sluice.streams.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.schemas.AuthenticationEvent;
import io.sluice.streams.canonical.EventIds;
import io.sluice.streams.testing.OktaEvents;
import io.sluice.streams.testing.TopologyHarness;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A raw Kafka record holding several JSON documents (an NDJSON batch, as {@code kcat -P FILE} and
 * forwarders send) is split into its events, each counted and routed on its own; anything that is
 * not one more JSON object after an event dead-letters the whole record.
 */
class RecordSplittingTest {
  private static final Instant T = Instant.parse("2024-05-02T12:00:00Z");
  private static final Instant FETCHED = Instant.parse("2024-05-02T12:05:00Z");
  private static final String SOURCE = "okta.system-log";
  private final TopologyHarness harness = new TopologyHarness(List.of());

  @AfterEach
  void close() {
    harness.close();
  }

  private void send(String value) {
    harness.okta.pipeInput(null, value.getBytes(StandardCharsets.UTF_8), FETCHED);
  }

  private double count(String metric) {
    return harness.metrics.count(metric, "source", SOURCE);
  }

  private static String header(TestRecord<byte[], byte[]> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static String text(TestRecord<byte[], byte[]> record) {
    return new String(record.value(), StandardCharsets.UTF_8);
  }

  @Test
  void shouldMapEveryEventOfAnNdjsonBatchAndCountEachAsRaw() {
    ObjectNode ann = OktaEvents.failedLogin("ann@corp.example", T);
    ObjectNode bob = OktaEvents.failedLogin("bob@corp.example", T.plusSeconds(1));
    ObjectNode cid = OktaEvents.failedLogin("cid@corp.example", T.plusSeconds(2));

    send(ann + "\n" + bob + "\r\n" + cid + "\n");

    List<AuthenticationEvent> events = harness.authentication.readValuesToList();
    assertThat(events)
        .extracting(e -> e.getUser().getName())
        .containsExactly("ann@corp.example", "bob@corp.example", "cid@corp.example");
    assertThat(events)
        .extracting(e -> e.getMetadata().getUnmapped().get(NormalizeProcessor.RAW_INDEX))
        .containsExactly("0", "1", "2");
    assertThat(events).extracting(e -> e.getMetadata().getEventId()).doesNotHaveDuplicates();
    assertThat(count("sluice_raw_records")).isEqualTo(3.0);
    assertThat(count("sluice_raw_kafka_records")).isEqualTo(1.0);
    assertThat(harness.dlq.isEmpty()).isTrue();
  }

  @Test
  void shouldSplitDocumentsConcatenatedWithoutNewlines() {
    send(
        OktaEvents.failedLogin("ann@corp.example", T).toString()
            + OktaEvents.failedLogin("bob@corp.example", T));

    assertThat(harness.authentication.readValuesToList()).hasSize(2);
  }

  @Test
  void shouldGiveABatchedEventTheIdItHasAlone() {
    ObjectNode ann = OktaEvents.failedLogin("ann@corp.example", T);

    send(ann + "\n" + OktaEvents.failedLogin("bob@corp.example", T) + "\n");

    String alone = EventIds.eventId(SOURCE, ann.toString().getBytes(StandardCharsets.UTF_8));
    assertThat(harness.authentication.readValue().getMetadata().getEventId()).isEqualTo(alone);
  }

  @Test
  void shouldDropAnEventRedeliveredInADifferentBatchAsADuplicate() {
    ObjectNode ann = OktaEvents.failedLogin("ann@corp.example", T);
    ObjectNode bob = OktaEvents.failedLogin("bob@corp.example", T);
    send(ann.toString());

    send(bob + "\n" + ann + "\n");

    assertThat(harness.authentication.readValuesToList())
        .extracting(e -> e.getUser().getName())
        .containsExactly("ann@corp.example", "bob@corp.example");
    assertThat(count("sluice_duplicates_dropped")).isEqualTo(1.0);
    assertThat(count("sluice_raw_records")).isEqualTo(3.0);
  }

  @Test
  void shouldDeadLetterOneBadEventOfABatchWithItsOwnBytesAndPosition() {
    ObjectNode noActor = OktaEvents.failedLogin("bob@corp.example", T);
    noActor.remove("actor");

    send(OktaEvents.failedLogin("ann@corp.example", T) + "\n" + noActor + "\n");

    assertThat(harness.authentication.readValuesToList()).hasSize(1);
    TestRecord<byte[], byte[]> dead = harness.dlq.readRecord();
    assertThat(text(dead)).isEqualTo(noActor.toString());
    assertThat(header(dead, DlqHeaders.REASON)).isEqualTo("missing_field:actor");
    assertThat(header(dead, DlqHeaders.EVENT_INDEX)).isEqualTo("1");
    assertThat(count("sluice_raw_records")).isEqualTo(2.0);
  }

  @Test
  void shouldCheckTheClockOfEachEventOfABatch() {
    ObjectNode future = OktaEvents.failedLogin("bob@corp.example", FETCHED.plusSeconds(7200));

    send(OktaEvents.failedLogin("ann@corp.example", T) + "\n" + future);

    assertThat(harness.authentication.readValuesToList()).hasSize(1);
    assertThat(header(harness.dlq.readRecord(), DlqHeaders.REASON)).isEqualTo("future_time");
  }

  @Test
  void shouldDeadLetterTheWholeRecordWhenGarbageFollowsAnEvent() {
    String value = OktaEvents.failedLogin("ann@corp.example", T) + " garbage";

    send(value);

    assertThat(harness.authentication.isEmpty()).isTrue();
    TestRecord<byte[], byte[]> dead = harness.dlq.readRecord();
    assertThat(text(dead)).isEqualTo(value);
    assertThat(header(dead, DlqHeaders.REASON)).isEqualTo("trailing_data");
    assertThat(header(dead, DlqHeaders.REASON_DETAIL)).contains("after 1 JSON object(s)");
    assertThat(header(dead, DlqHeaders.EVENT_INDEX)).isNull();
    assertThat(count("sluice_raw_records")).isEqualTo(1.0);
  }

  @Test
  void shouldDeadLetterABatchCutShortInItsLastEvent() {
    String last = OktaEvents.failedLogin("bob@corp.example", T).toString();

    send(OktaEvents.failedLogin("ann@corp.example", T) + "\n" + last.substring(0, 40));

    assertThat(harness.authentication.isEmpty()).isTrue();
    assertThat(header(harness.dlq.readRecord(), DlqHeaders.REASON)).isEqualTo("trailing_data");
  }

  @Test
  void shouldDeadLetterAValueThatIsNotAnObjectAfterAnEvent() {
    send(OktaEvents.failedLogin("ann@corp.example", T) + "\n42\n");

    assertThat(harness.authentication.isEmpty()).isTrue();
    TestRecord<byte[], byte[]> dead = harness.dlq.readRecord();
    assertThat(header(dead, DlqHeaders.REASON)).isEqualTo("trailing_data");
    assertThat(header(dead, DlqHeaders.REASON_DETAIL)).contains("NUMBER");
  }

  @Test
  void shouldStillMapOneEventFollowedOnlyByWhitespace() {
    send(OktaEvents.failedLogin("ann@corp.example", T) + "\n\n  ");

    assertThat(harness.authentication.readValue().getMetadata().getUnmapped())
        .doesNotContainKey(NormalizeProcessor.RAW_INDEX);
    assertThat(harness.dlq.isEmpty()).isTrue();
  }

  @Test
  void shouldNameAnArrayOfEventsAPageEnvelope() {
    send(
        "["
            + OktaEvents.failedLogin("ann@corp.example", T)
            + ","
            + OktaEvents.failedLogin("bob@corp.example", T)
            + "]");

    TestRecord<byte[], byte[]> dead = harness.dlq.readRecord();
    assertThat(header(dead, DlqHeaders.REASON)).isEqualTo("page_envelope");
    assertThat(header(dead, DlqHeaders.REASON_DETAIL))
        .contains("array of 2 objects")
        .contains("each element as its own record");
    assertThat(harness.authentication.isEmpty()).isTrue();
  }

  @Test
  void shouldKeepCallingAnArrayOfScalarsAnUnknownShape() {
    send("[1,2]");

    assertThat(header(harness.dlq.readRecord(), DlqHeaders.REASON)).isEqualTo("unknown_shape");
  }

  @Test
  void shouldNameAWholeMimecastResponseAPageEnvelopeOnAnyRawTopic() {
    send(
        "{\"meta\":{\"status\":200,\"pagination\":{\"pageSize\":2,\"next\":\"tok\"}},"
            + "\"data\":[{\"clickLogs\":[]}],\"fail\":[]}");

    TestRecord<byte[], byte[]> dead = harness.dlq.readRecord();
    assertThat(header(dead, DlqHeaders.REASON)).isEqualTo("page_envelope");
    assertThat(header(dead, DlqHeaders.REASON_DETAIL)).contains("Mimecast API response");
  }
}
