package io.sluice.streams.normalize.mimecast.ttpattachment;

import static io.sluice.streams.normalize.mimecast.MimecastRecords.dlqCode;
import static io.sluice.streams.normalize.mimecast.MimecastRecords.mapped;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.schemas.Direction;
import io.sluice.schemas.EmailAction;
import io.sluice.schemas.EmailFileEvent;
import io.sluice.schemas.RawRef;
import io.sluice.schemas.Verdict;
import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.normalize.Mapping;
import io.sluice.streams.normalize.mimecast.MimecastRecords;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MimecastTtpAttachmentMapperTest {
  private final MimecastTtpAttachmentMapper mapper = new MimecastTtpAttachmentMapper();

  private Mapping map(ObjectNode json) {
    return mapper.map(MimecastRecords.raw("raw.mimecast.ttp-attachment", json));
  }

  private EmailFileEvent event(ObjectNode json) {
    Mapping.Mapped mapped = mapped(map(json));
    assertThat(mapped.canonicalClass()).isEqualTo(CanonicalClass.EMAIL_FILE);
    return (EmailFileEvent) mapped.value();
  }

  private static ObjectNode attachment() {
    return MimecastRecords.ttpAttachment();
  }

  @Test
  void shouldMapAMaliciousAttachmentWithEveryField() {
    Mapping.Mapped mapped = mapped(map(attachment()));
    EmailFileEvent event = (EmailFileEvent) mapped.value();

    assertThat(mapped.key()).isEqualTo("ann@corp.example");
    assertThat(event.getRecipient().getName()).isEqualTo("ann@corp.example");
    assertThat(event.getRecipient().getEmail()).isEqualTo("ann@corp.example");
    assertThat(event.getRecipient().getVip()).isFalse();
    assertThat(event.getSender()).isEqualTo("billing@vendor.example");
    assertThat(event.getFile().getName()).isEqualTo("invoice.pdf");
    assertThat(event.getFile().getType()).isEqualTo("application/pdf");
    assertThat(event.getFile().getSha256()).isEqualTo(MimecastRecords.SHA256);
    assertThat(event.getVerdict()).isEqualTo(Verdict.MALICIOUS);
    assertThat(event.getAction()).isEqualTo(EmailAction.BLOCKED);
    assertThat(event.getMessageId()).isEqualTo("<b2@mx.example>");
    assertThat(event.getSubject()).isEqualTo("Your invoice");
    assertThat(event.getDirection()).isEqualTo(Direction.INBOUND);
  }

  @Test
  void shouldFillMetadataAndKeepDefinitionAndDetailsInUnmapped() {
    EmailFileEvent event = event(attachment());

    assertThat(event.getMetadata().getSource()).isEqualTo("mimecast.ttp-attachment");
    assertThat(event.getMetadata().getVendor()).isEqualTo("Mimecast");
    assertThat(event.getMetadata().getFeed()).isEqualTo("ttp-attachment");
    assertThat(event.getMetadata().getTime()).isEqualTo(Instant.parse("2024-11-14T19:44:02Z"));
    assertThat(event.getMetadata().getRawRef())
        .isEqualTo(new RawRef("raw.mimecast.ttp-attachment", 1, 42L));
    assertThat(event.getMetadata().getUnmapped())
        .containsEntry("definition", "Default Inbound Attachment Protect Definition")
        .containsEntry("details", "Malicious \r\nTime taken: 0 hrs, 0 min, 1 sec")
        .doesNotContainKeys("fileHash", "result", "actionTriggered", "route", "recipientAddress");
  }

  @ParameterizedTest
  @CsvSource({
    "safe, CLEAN",
    "clean, CLEAN",
    "suspicious, SUSPICIOUS",
    "Malicious, MALICIOUS",
    "unknown, UNKNOWN"
  })
  void shouldMapEachKnownResult(String result, Verdict expected) {
    ObjectNode json = attachment();
    json.put("result", result);

    assertThat(event(json).getVerdict()).isEqualTo(expected);
    assertThat(event(json).getMetadata().getUnmapped()).doesNotContainKey("result");
  }

  @Test
  void shouldMapAnUnknownResultToUnknownAndKeepIt() {
    ObjectNode json = attachment();
    json.put("result", "error");

    assertThat(event(json).getVerdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(event(json).getMetadata().getUnmapped()).containsEntry("result", "error");
  }

  @ParameterizedTest
  @CsvSource({"allow, ALLOWED", "block, BLOCKED", "warn, WARNED", "hold, HELD"})
  void shouldMapEachKnownActionTriggered(String action, EmailAction expected) {
    ObjectNode json = attachment();
    json.put("actionTriggered", action);

    assertThat(event(json).getAction()).isEqualTo(expected);
  }

  @Test
  void shouldMapNoneToOtherAndKeepItSoItIsNotReadAsAllowed() {
    ObjectNode json = attachment();
    json.put("actionTriggered", "none");

    assertThat(event(json).getAction()).isEqualTo(EmailAction.OTHER);
    assertThat(event(json).getMetadata().getUnmapped()).containsEntry("actionTriggered", "none");
  }

  @Test
  void shouldMapAnUnknownActionToUnknownAndKeepIt() {
    ObjectNode json = attachment();
    json.put("actionTriggered", "sandbox");

    assertThat(event(json).getAction()).isEqualTo(EmailAction.UNKNOWN);
    assertThat(event(json).getMetadata().getUnmapped()).containsEntry("actionTriggered", "sandbox");
  }

  @ParameterizedTest
  @CsvSource({"internal, INTERNAL", "outbound, OUTBOUND", "inbound, INBOUND"})
  void shouldMapEachKnownRoute(String route, Direction expected) {
    ObjectNode json = attachment();
    json.put("route", route);

    assertThat(event(json).getDirection()).isEqualTo(expected);
  }

  @Test
  void shouldMapAnUnknownRouteToUnknownAndKeepIt() {
    ObjectNode json = attachment();
    json.put("route", "external");

    assertThat(event(json).getDirection()).isEqualTo(Direction.UNKNOWN);
    assertThat(event(json).getMetadata().getUnmapped()).containsEntry("route", "external");
  }

  @Test
  void shouldKeepAHashThatIsNotASha256InUnmapped() {
    ObjectNode md5 = attachment();
    md5.put("fileHash", "66f03bf072a74bb19db16c952ba3dc47");
    ObjectNode junk = attachment();
    junk.put("fileHash", "z".repeat(64));

    assertThat(event(md5).getFile().getSha256()).isNull();
    assertThat(event(md5).getMetadata().getUnmapped())
        .containsEntry("fileHash", "66f03bf072a74bb19db16c952ba3dc47");
    assertThat(event(junk).getFile().getSha256()).isNull();
  }

  @Test
  void shouldMapWithOptionalFieldsMissing() {
    ObjectNode json =
        MimecastRecords.parse(
            "{\"recipientAddress\":\"ann@corp.example\",\"date\":\"2024-11-14T19:44:02+0000\"}");

    EmailFileEvent event = event(json);

    assertThat(event.getSender()).isNull();
    assertThat(event.getFile().getName()).isNull();
    assertThat(event.getFile().getType()).isNull();
    assertThat(event.getFile().getSha256()).isNull();
    assertThat(event.getVerdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(event.getAction()).isEqualTo(EmailAction.UNKNOWN);
    assertThat(event.getDirection()).isEqualTo(Direction.UNKNOWN);
    assertThat(event.getMessageId()).isNull();
    assertThat(event.getSubject()).isNull();
  }

  @Test
  void shouldStripControlCharactersFromFileNameAndSubject() {
    ObjectNode json = attachment();
    json.put("fileName", "invoice\n.pdf\u0007");
    json.put("subject", "Pay\r\nnow");

    EmailFileEvent event = event(json);

    assertThat(event.getFile().getName()).isEqualTo("invoice .pdf ");
    assertThat(event.getSubject()).isEqualTo("Pay  now");
  }

  @Test
  void shouldRejectRecordsWithoutAUsableDateOrRecipient() {
    ObjectNode noDate = attachment();
    noDate.remove("date");
    ObjectNode badDate = attachment();
    badDate.put("date", "yesterday");
    ObjectNode noRecipient = attachment();
    noRecipient.remove("recipientAddress");
    ObjectNode nullSender = attachment();
    nullSender.put("recipientAddress", "<>");

    assertThat(dlqCode(map(noDate))).isEqualTo("missing_field:date");
    assertThat(dlqCode(map(badDate))).isEqualTo("bad_time");
    assertThat(dlqCode(map(noRecipient))).isEqualTo("missing_field:recipientAddress");
    assertThat(dlqCode(map(nullSender))).isEqualTo("missing_field:recipientAddress");
  }

  @Test
  void shouldReadAListOfActionsAndLetTheStrongestWin() {
    ObjectNode json = attachment();
    json.put("actionTriggered", "user release, none");

    EmailFileEvent event = event(json);

    assertThat(event.getAction()).isEqualTo(EmailAction.ALLOWED);
    assertThat(event.getMetadata().getUnmapped())
        .containsEntry("actionTriggered", "user release, none");
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "none, block|BLOCKED",
        "hold,warn|HELD",
        "warn, allow|WARNED",
        "none, none|OTHER",
        "user release, sandbox|UNKNOWN"
      })
  void shouldRankTheActionsOfAList(String raw, EmailAction expected) {
    ObjectNode json = attachment();
    json.put("actionTriggered", raw);

    assertThat(event(json).getAction()).isEqualTo(expected);
  }

  @Test
  void shouldMapAUserReleaseAloneAsAllowed() {
    ObjectNode json = attachment();
    json.put("actionTriggered", "User Release");

    EmailFileEvent event = event(json);

    assertThat(event.getAction()).isEqualTo(EmailAction.ALLOWED);
    assertThat(event.getMetadata().getUnmapped()).doesNotContainKey("actionTriggered");
  }
}
