package io.sluice.streams.normalize.mimecast.impersonation;

import static io.sluice.streams.normalize.mimecast.MimecastRecords.dlqCode;
import static io.sluice.streams.normalize.mimecast.MimecastRecords.mapped;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.schemas.FindingEvent;
import io.sluice.schemas.RawRef;
import io.sluice.schemas.Severity;
import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.normalize.Mapping;
import io.sluice.streams.normalize.mimecast.MimecastRecords;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MimecastImpersonationMapperTest {
  private final MimecastImpersonationMapper mapper = new MimecastImpersonationMapper();

  private Mapping map(ObjectNode json) {
    return mapper.map(MimecastRecords.raw("raw.mimecast.ttp-impersonation", json));
  }

  private FindingEvent event(ObjectNode json) {
    Mapping.Mapped mapped = mapped(map(json));
    assertThat(mapped.canonicalClass()).isEqualTo(CanonicalClass.FINDING);
    return (FindingEvent) mapped.value();
  }

  private static ObjectNode impersonation() {
    return MimecastRecords.ttpImpersonation();
  }

  @Test
  void shouldMapAMaliciousImpersonationHitToAHighFindingForTheRecipient() {
    Mapping.Mapped mapped = mapped(map(impersonation()));
    FindingEvent event = (FindingEvent) mapped.value();

    assertThat(mapped.key()).isEqualTo("bob@corp.example");
    assertThat(event.getRecipient().getName()).isEqualTo("bob@corp.example");
    assertThat(event.getRecipient().getEmail()).isEqualTo("bob@corp.example");
    assertThat(event.getRecipient().getVip()).isFalse();
    assertThat(event.getUser()).isNull();
    assertThat(event.getFindingType()).isEqualTo("impersonation");
    assertThat(event.getTitle()).isEqualTo("IP - 1 hit (Tag email)");
    assertThat(event.getSeverity()).isEqualTo(Severity.HIGH);
    assertThat(event.getIsMalicious()).isTrue();
    assertThat(event.getSender()).isEqualTo("ceo.ann@lookalike.example");
    assertThat(event.getSrcIp()).isEqualTo("198.51.100.23");
    assertThat(event.getAction()).isEqualTo("none");
    assertThat(event.getMessageId()).isEqualTo("<c3@mx.example>");
    assertThat(event.getSubject()).isEqualTo("Urgent wire");
    assertThat(event.getIndicators()).containsExactly("internal_user_name", "new_domain");
    assertThat(event.getConfidence()).isNull();
    assertThat(event.getHost()).isNull();
    assertThat(event.getFile()).isNull();
  }

  @Test
  void shouldFillMetadataWithTheMimecastIdAndKeepHitsAndResultsInUnmapped() {
    FindingEvent event = event(impersonation());

    assertThat(event.getMetadata().getSource()).isEqualTo("mimecast.ttp-impersonation");
    assertThat(event.getMetadata().getFeed()).isEqualTo("ttp-impersonation");
    assertThat(event.getMetadata().getVendorUid())
        .isEqualTo("MTOKEN:eNqrVkouLS7Jz00tSs5IVbJSKs7PTVWqBQBWVgfx");
    assertThat(event.getMetadata().getTime()).isEqualTo(Instant.parse("2024-11-14T19:44:02Z"));
    assertThat(event.getMetadata().getRawRef())
        .isEqualTo(new RawRef("raw.mimecast.ttp-impersonation", 1, 42L));
    assertThat(event.getMetadata().getUnmapped())
        .containsEntry("hits", "1")
        .containsEntry("taggedExternal", "false")
        .containsKey("impersonationResults")
        .doesNotContainKeys("id", "identifiers", "taggedMalicious", "definition");
    assertThat(event.getMetadata().getUnmapped().get("impersonationResults"))
        .contains("\"similarDomain\":\"Ann <ann@corp.example>\"");
  }

  @Test
  void shouldRateANotMaliciousHitMedium() {
    ObjectNode notMalicious = impersonation();
    notMalicious.put("taggedMalicious", false);
    ObjectNode missing = impersonation();
    missing.remove("taggedMalicious");

    assertThat(event(notMalicious).getSeverity()).isEqualTo(Severity.MEDIUM);
    assertThat(event(notMalicious).getIsMalicious()).isFalse();
    assertThat(event(missing).getSeverity()).isEqualTo(Severity.MEDIUM);
    assertThat(event(missing).getIsMalicious()).isNull();
  }

  @Test
  void shouldReadTaggedMaliciousSentAsText() {
    ObjectNode json = impersonation();
    json.put("taggedMalicious", "true");

    assertThat(event(json).getSeverity()).isEqualTo(Severity.HIGH);
  }

  @Test
  void shouldNotRepeatAnIndicatorNamedInBothIdentifiersAndResults() {
    ObjectNode json = impersonation();
    json.putArray("identifiers").add("new_domain").add("internal_user_name");

    assertThat(event(json).getIndicators()).containsExactly("new_domain", "internal_user_name");
  }

  @Test
  void shouldMapWithOptionalFieldsMissing() {
    ObjectNode json =
        MimecastRecords.parse(
            "{\"recipientAddress\":\"bob@corp.example\",\"eventTime\":\"2024-11-14T19:44:02+0000\"}");

    FindingEvent event = event(json);

    assertThat(event.getTitle()).isEqualTo("Mimecast Impersonation Protect");
    assertThat(event.getIndicators()).isEmpty();
    assertThat(event.getSeverity()).isEqualTo(Severity.MEDIUM);
    assertThat(event.getSender()).isNull();
    assertThat(event.getSrcIp()).isNull();
    assertThat(event.getAction()).isNull();
    assertThat(event.getMetadata().getVendorUid()).isNull();
    assertThat(event.getMetadata().getUnmapped()).isEmpty();
  }

  @Test
  void shouldIgnoreIndicatorsOfTheWrongType() {
    ObjectNode json = impersonation();
    json.put("identifiers", "internal_user_name");
    json.putArray("impersonationResults").add(7).addObject().put("checkerResult", "hit");

    assertThat(event(json).getIndicators()).isEmpty();
  }

  @Test
  void shouldStripControlCharactersFromTitleSubjectAndIndicators() {
    ObjectNode json = impersonation();
    json.put("definition", "IP\r\nforged");
    json.put("subject", "Urgent\twire");
    json.putArray("identifiers").add("internal\u0000name");

    FindingEvent event = event(json);

    assertThat(event.getTitle()).isEqualTo("IP  forged");
    assertThat(event.getSubject()).isEqualTo("Urgent wire");
    assertThat(event.getIndicators()).contains("internal name");
  }

  @Test
  void shouldRejectRecordsWithoutAUsableEventTimeOrRecipient() {
    ObjectNode noTime = impersonation();
    noTime.remove("eventTime");
    ObjectNode badTime = impersonation();
    badTime.put("eventTime", "1970-01-01T00:00:00+0000");
    ObjectNode noRecipient = impersonation();
    noRecipient.remove("recipientAddress");

    assertThat(dlqCode(map(noTime))).isEqualTo("missing_field:eventTime");
    assertThat(dlqCode(map(badTime))).isEqualTo("bad_time");
    assertThat(dlqCode(map(noRecipient))).isEqualTo("missing_field:recipientAddress");
  }

  @Test
  void shouldKeepASenderIpThatIsNoAddressOutOfSrcIp() {
    ObjectNode json = impersonation();
    json.put("senderIpAddress", "Internal IP");

    FindingEvent event = event(json);

    assertThat(event.getSrcIp()).isNull();
    assertThat(event.getMetadata().getUnmapped()).containsEntry("senderIpAddress", "Internal IP");
  }
}
