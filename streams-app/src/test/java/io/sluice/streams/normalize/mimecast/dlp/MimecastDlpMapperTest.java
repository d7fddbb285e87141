package io.sluice.streams.normalize.mimecast.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.schemas.DataSecurityEvent;
import io.sluice.schemas.Direction;
import io.sluice.schemas.DlpAction;
import io.sluice.schemas.RawRef;
import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.normalize.Mapping;
import io.sluice.streams.normalize.RawEvent;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MimecastDlpMapperTest {
  private static final Instant INGEST = Instant.parse("2024-11-18T05:12:00Z");
  private final MimecastDlpMapper mapper = new MimecastDlpMapper();

  private Mapping map(ObjectNode json) {
    return mapper.map(
        new RawEvent(
            "fedcba9876543210fedcba9876543210",
            json,
            new RawRef("raw.mimecast.dlp", 0, 3L),
            INGEST));
  }

  private Mapping.Mapped mapped(ObjectNode json) {
    Mapping mapping = map(json);
    assertThat(mapping).isInstanceOf(Mapping.Mapped.class);
    Mapping.Mapped mapped = (Mapping.Mapped) mapping;
    assertThat(mapped.canonicalClass()).isEqualTo(CanonicalClass.DATA_SECURITY);
    return mapped;
  }

  private DataSecurityEvent dlp(ObjectNode json) {
    return (DataSecurityEvent) mapped(json).value();
  }

  private String rejection(ObjectNode json) {
    Mapping mapping = map(json);
    assertThat(mapping).isInstanceOf(Mapping.Rejected.class);
    return ((Mapping.Rejected) mapping).reason().code();
  }

  @Test
  void shouldMapAHeldOutboundMessageKeyedByItsSender() {
    Mapping.Mapped mapped = mapped(MimecastDlpEvents.held(" Bob@Corp.Example "));
    DataSecurityEvent event = (DataSecurityEvent) mapped.value();

    assertThat(mapped.key()).isEqualTo("bob@corp.example");
    assertThat(event.getUser().getName()).isEqualTo("bob@corp.example");
    assertThat(event.getUser().getEmail()).isEqualTo("bob@corp.example");
    assertThat(event.getUser().getVip()).isFalse();
    assertThat(event.getRecipients()).containsExactly("x@ext.example");
    assertThat(event.getPolicy()).isEqualTo("Confidential");
    assertThat(event.getAction()).isEqualTo(DlpAction.HELD);
    assertThat(event.getDirection()).isEqualTo(Direction.OUTBOUND);
    assertThat(event.getMessageId()).isEqualTo("<b2@mx.example>");
    assertThat(event.getSubject()).isEqualTo("RE: Q3 numbers");
    assertThat(event.getMetadata().getUnmapped()).isEmpty();
  }

  @Test
  void shouldFillMetadataNamingTheSource() {
    DataSecurityEvent event = dlp(MimecastDlpEvents.held("bob@corp.example"));

    assertThat(event.getMetadata().getSource()).isEqualTo("mimecast.dlp");
    assertThat(event.getMetadata().getVendor()).isEqualTo("Mimecast");
    assertThat(event.getMetadata().getProduct()).isEqualTo("Mimecast Email Security");
    assertThat(event.getMetadata().getFeed()).isEqualTo("dlp");
    assertThat(event.getMetadata().getTime()).isEqualTo(Instant.parse("2024-11-18T05:11:02Z"));
    assertThat(event.getMetadata().getIngestTime()).isEqualTo(INGEST);
    assertThat(event.getMetadata().getEventId()).isEqualTo("fedcba9876543210fedcba9876543210");
    assertThat(event.getMetadata().getVendorUid()).isNull();
    assertThat(event.getMetadata().getRawRef()).isEqualTo(new RawRef("raw.mimecast.dlp", 0, 3L));
  }

  @Test
  void shouldMapEveryActionOfTheTable() {
    Map<String, DlpAction> table =
        Map.of(
            "block", DlpAction.BLOCKED,
            "bounce", DlpAction.BLOCKED,
            "bouce", DlpAction.BLOCKED,
            "delete", DlpAction.BLOCKED,
            "HOLD", DlpAction.HELD,
            "notification", DlpAction.NOTIFIED,
            "notify", DlpAction.NOTIFIED,
            "allow", DlpAction.ALLOWED,
            "none", DlpAction.ALLOWED);
    table.forEach(
        (action, expected) -> {
          DataSecurityEvent event = dlp(MimecastDlpEvents.withAction("bob@corp.example", action));
          assertThat(event.getAction()).as(action).isEqualTo(expected);
          assertThat(event.getMetadata().getUnmapped()).as(action).doesNotContainKey("action");
        });
  }

  @Test
  void shouldMapAnUnknownActionToOtherAndKeepTheValue() {
    DataSecurityEvent event = dlp(MimecastDlpEvents.withAction("bob@corp.example", "smart_folder"));

    assertThat(event.getAction()).isEqualTo(DlpAction.OTHER);
    assertThat(event.getMetadata().getUnmapped()).containsEntry("action", "smart_folder");
  }

  @Test
  void shouldMapAMissingActionToUnknown() {
    ObjectNode json = MimecastDlpEvents.held("bob@corp.example");
    json.remove("action");

    DataSecurityEvent event = dlp(json);

    assertThat(event.getAction()).isEqualTo(DlpAction.UNKNOWN);
    assertThat(event.getMetadata().getUnmapped()).doesNotContainKey("action");
  }

  @Test
  void shouldMapEveryRouteOfTheTable() {
    Map<String, Direction> table =
        Map.of(
            "inbound", Direction.INBOUND,
            "Outbound", Direction.OUTBOUND,
            "internal", Direction.INTERNAL);
    table.forEach(
        (route, expected) -> {
          ObjectNode json = MimecastDlpEvents.held("bob@corp.example");
          json.put("route", route);
          assertThat(dlp(json).getDirection()).as(route).isEqualTo(expected);
        });
  }

  @Test
  void shouldMapAnUnknownRouteToUnknownAndKeepTheValue() {
    ObjectNode json = MimecastDlpEvents.held("bob@corp.example");
    json.put("route", "sideways");

    DataSecurityEvent event = dlp(json);

    assertThat(event.getDirection()).isEqualTo(Direction.UNKNOWN);
    assertThat(event.getMetadata().getUnmapped()).containsEntry("route", "sideways");
  }

  @Test
  void shouldAcceptRecipientsAsOneAddressASeparatedStringOrAnArray() {
    ObjectNode separated = MimecastDlpEvents.held("bob@corp.example");
    separated.put(
        "recipientAddress", "X@Ext.Example, Ann <ann@corp.example>;; y@ext.example;x@ext.example");
    ObjectNode array = MimecastDlpEvents.held("bob@corp.example");
    array.putArray("recipientAddress").add("x@ext.example").add("<y@ext.example>");

    assertThat(dlp(separated).getRecipients())
        .containsExactly("x@ext.example", "ann@corp.example", "y@ext.example");
    assertThat(dlp(separated).getMetadata().getUnmapped()).doesNotContainKey("recipientAddress");
    assertThat(dlp(array).getRecipients()).containsExactly("x@ext.example", "y@ext.example");
  }

  @Test
  void shouldKeepRecipientsOfAnUnreadableTypeInUnmapped() {
    ObjectNode object = MimecastDlpEvents.held("bob@corp.example");
    object.putObject("recipientAddress").put("to", "x@ext.example");
    ObjectNode mixed = MimecastDlpEvents.held("bob@corp.example");
    mixed.putArray("recipientAddress").add("x@ext.example").add(42);

    assertThat(dlp(object).getRecipients()).isEmpty();
    assertThat(dlp(object).getMetadata().getUnmapped())
        .containsEntry("recipientAddress", "{\"to\":\"x@ext.example\"}");
    assertThat(dlp(mixed).getRecipients()).containsExactly("x@ext.example");
    assertThat(dlp(mixed).getMetadata().getUnmapped())
        .containsEntry("recipientAddress", "[\"x@ext.example\",42]");
  }

  @Test
  void shouldKeyAnInboundBounceFromTheNullSenderByItsInternalRecipient() {
    Mapping.Mapped mapped = mapped(MimecastDlpEvents.bounce());
    DataSecurityEvent event = (DataSecurityEvent) mapped.value();

    assertThat(mapped.key()).isEqualTo("ann@corp.example");
    assertThat(event.getUser().getName()).isEqualTo("ann@corp.example");
    assertThat(event.getAction()).isEqualTo(DlpAction.NOTIFIED);
    assertThat(event.getDirection()).isEqualTo(Direction.INBOUND);
    assertThat(event.getRecipients()).containsExactly("ann@corp.example");
    assertThat(event.getMetadata().getUnmapped()).containsEntry("senderAddress", "<>");
  }

  @Test
  void shouldMapOptionalFieldsMissing() {
    ObjectNode json = MimecastDlpEvents.held("bob@corp.example");
    json.remove("recipientAddress");
    json.remove("subject");
    json.remove("policy");
    json.remove("route");
    json.remove("messageId");

    DataSecurityEvent event = dlp(json);

    assertThat(event.getRecipients()).isEmpty();
    assertThat(event.getSubject()).isNull();
    assertThat(event.getPolicy()).isNull();
    assertThat(event.getDirection()).isEqualTo(Direction.UNKNOWN);
    assertThat(event.getMessageId()).isNull();
    assertThat(event.getMetadata().getUnmapped()).isEmpty();
  }

  @Test
  void shouldKeepUnknownVendorFieldsAndUnreadableMappedFieldsInUnmapped() {
    ObjectNode json = MimecastDlpEvents.held("bob@corp.example");
    json.put("fileName", "payroll.xlsx");
    json.putObject("subject").put("text", "hi");

    DataSecurityEvent event = dlp(json);

    assertThat(event.getSubject()).isNull();
    assertThat(event.getMetadata().getUnmapped())
        .containsEntry("fileName", "payroll.xlsx")
        .containsEntry("subject", "{\"text\":\"hi\"}");
  }

  @Test
  void shouldStripControlCharactersFromSubjectAndPolicy() {
    ObjectNode json = MimecastDlpEvents.held("bob@corp.example");
    json.put("subject", "Invoice\r\n2024 CRITICAL forged");
    json.put("policy", "Conf\u0000idential");

    DataSecurityEvent event = dlp(json);

    assertThat(event.getSubject()).isEqualTo("Invoice  2024 CRITICAL forged");
    assertThat(event.getPolicy()).isEqualTo("Conf idential");
  }

  @Test
  void shouldRejectRecordWithoutEventTime() {
    ObjectNode json = MimecastDlpEvents.held("bob@corp.example");
    json.remove("eventTime");

    assertThat(rejection(json)).isEqualTo("missing_field:eventTime");
  }

  @Test
  void shouldRejectRecordWithUnreadableEventTime() {
    ObjectNode json = MimecastDlpEvents.held("bob@corp.example");
    json.put("eventTime", "last Tuesday");

    assertThat(rejection(json)).isEqualTo("bad_time");
  }

  @Test
  void shouldRejectRecordWithoutSender() {
    ObjectNode missing = MimecastDlpEvents.held("bob@corp.example");
    missing.remove("senderAddress");
    ObjectNode blank = MimecastDlpEvents.held(" ");
    ObjectNode object = MimecastDlpEvents.held("bob@corp.example");
    object.putObject("senderAddress");

    assertThat(rejection(missing)).isEqualTo("missing_field:senderAddress");
    assertThat(rejection(blank)).isEqualTo("missing_field:senderAddress");
    assertThat(rejection(object)).isEqualTo("missing_field:senderAddress");
  }

  // --- keyed by the internal party ---

  @Test
  void shouldKeyOutboundMailBySender() {
    Mapping.Mapped mapped = mapped(MimecastDlpEvents.held("Bob@Corp.Example"));

    assertThat(mapped.key()).isEqualTo("bob@corp.example");
    assertThat(((DataSecurityEvent) mapped.value()).getMetadata().getUnmapped())
        .doesNotContainKey("senderAddress");
  }

  @Test
  void shouldKeyInboundMailByTheFirstRecipientAndKeepTheOutsideSender() {
    ObjectNode json = MimecastDlpEvents.held("x@outside.example");
    json.put("route", "inbound");
    json.put("recipientAddress", "Ann@Corp.Example, bob@corp.example");

    Mapping.Mapped mapped = mapped(json);
    DataSecurityEvent event = (DataSecurityEvent) mapped.value();

    assertThat(mapped.key()).isEqualTo("ann@corp.example");
    assertThat(event.getUser().getEmail()).isEqualTo("ann@corp.example");
    assertThat(event.getRecipients()).containsExactly("ann@corp.example", "bob@corp.example");
    assertThat(event.getMetadata().getUnmapped())
        .containsEntry("senderAddress", "x@outside.example");
  }

  @Test
  void shouldKeyInternalMailBySender() {
    ObjectNode json = MimecastDlpEvents.held("bob@corp.example");
    json.put("route", "internal");
    json.put("recipientAddress", "ann@corp.example");

    assertThat(mapped(json).key()).isEqualTo("bob@corp.example");
  }

  @Test
  void shouldNotKeyInboundMailWithoutRecipientsByTheOutsider() {
    ObjectNode json = MimecastDlpEvents.held("x@outside.example");
    json.put("route", "inbound");
    json.remove("recipientAddress");

    Mapping.Mapped mapped = mapped(json);

    assertThat(mapped.key()).isNull();
    assertThat(((DataSecurityEvent) mapped.value()).getUser().getName()).isNull();
  }
}
