package io.sluice.streams.normalize.mimecast.siem;

import static io.sluice.streams.normalize.mimecast.MimecastRecords.dlqCode;
import static io.sluice.streams.normalize.mimecast.MimecastRecords.mapped;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.schemas.Direction;
import io.sluice.schemas.EmailAction;
import io.sluice.schemas.EmailActivity;
import io.sluice.schemas.EmailActivityEvent;
import io.sluice.schemas.EmailFileEvent;
import io.sluice.schemas.EmailUrlEvent;
import io.sluice.schemas.FindingEvent;
import io.sluice.schemas.RawRef;
import io.sluice.schemas.Severity;
import io.sluice.schemas.Verdict;
import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.normalize.Mapping;
import io.sluice.streams.normalize.mimecast.MimecastRecords;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MimecastSiemMapperTest {
  private final MimecastSiemMapper mapper = new MimecastSiemMapper();

  private Mapping map(ObjectNode json) {
    return mapper.map(MimecastRecords.raw("raw.mimecast.siem", json));
  }

  private EmailActivityEvent activity(ObjectNode json) {
    Mapping.Mapped mapped = mapped(map(json));
    assertThat(mapped.canonicalClass()).isEqualTo(CanonicalClass.EMAIL_ACTIVITY);
    assertThat(mapped.key()).isEqualTo(((EmailActivityEvent) mapped.value()).getUser().getName());
    return (EmailActivityEvent) mapped.value();
  }

  private static Mapping.Rejected rejected(Mapping mapping) {
    assertThat(mapping).isInstanceOf(Mapping.Rejected.class);
    return (Mapping.Rejected) mapping;
  }

  // API 1.0 MTA lines
  @Test
  void shouldMapAReceiptLineToReceiveForTheInboundRecipient() {
    EmailActivityEvent event = activity(SiemRecords.v1Receipt());

    assertThat(event.getActivity()).isEqualTo(EmailActivity.RECEIVE);
    assertThat(event.getDirection()).isEqualTo(Direction.INBOUND);
    assertThat(event.getUser().getName()).isEqualTo("ann@corp.example");
    assertThat(event.getUser().getEmail()).isEqualTo("ann@corp.example");
    assertThat(event.getFrom()).isEqualTo("bob@partner.example");
    assertThat(event.getTo()).containsExactly("ann@corp.example");
    assertThat(event.getSubject()).isEqualTo("Quarterly report");
    assertThat(event.getMessageId()).isEqualTo("<d4@mx.partner.example>");
    assertThat(event.getSrcIp()).isEqualTo("203.0.113.9");
    assertThat(event.getDelivered()).isNull();
    assertThat(event.getRejection()).isNull();
    assertThat(event.getCorrelationId()).isEqualTo("3dbe9918-f91f-3043-b61f-d3164badfe50");
    assertThat(event.getMetadata().getSource()).isEqualTo("mimecast.siem");
    assertThat(event.getMetadata().getFeed()).isEqualTo("siem");
    assertThat(event.getMetadata().getVendorUid()).isNull();
    assertThat(event.getMetadata().getTime()).isEqualTo(Instant.parse("2021-10-19T06:04:55Z"));
    assertThat(event.getMetadata().getRawRef()).isEqualTo(new RawRef("raw.mimecast.siem", 1, 42L));
    assertThat(event.getMetadata().getUnmapped())
        .containsEntry("Act", "Acc")
        .containsEntry("acc", "ABC123")
        .containsEntry("headerFrom", "bob@partner.example")
        .containsEntry("SpamScore", "0")
        .doesNotContainKeys("Rcpt", "Sender", "IP", "aCode", "Dir", "datetime");
  }

  @Test
  void shouldMapADeliveryLineWithTheRejectionAndKeepTheDestinationIpUnmapped() {
    EmailActivityEvent event = activity(SiemRecords.v1Delivery());

    assertThat(event.getActivity()).isEqualTo(EmailActivity.DELIVER);
    assertThat(event.getUser().getName()).isEqualTo("ann@corp.example");
    assertThat(event.getFrom()).isNull(); // the null sender <>
    assertThat(event.getDelivered()).isFalse();
    assertThat(event.getRejection()).isEqualTo("Recipient email address is possibly incorrect");
    assertThat(event.getRejectionCode()).isEqualTo("550");
    assertThat(event.getSrcIp()).isNull();
    assertThat(event.getMessageId()).isNull();
    assertThat(event.getMetadata().getUnmapped())
        .containsEntry("IP", "203.0.113.9")
        .containsEntry("RejInfo", "5.4.1 Recipient address rejected")
        .containsEntry("Route", "Office365");
  }

  @Test
  void shouldMapAProcessLineToProcessForTheSenderAsItNamesNoRecipient() {
    EmailActivityEvent event = activity(SiemRecords.v1Process());

    assertThat(event.getActivity()).isEqualTo(EmailActivity.PROCESS);
    assertThat(event.getDirection()).isEqualTo(Direction.UNKNOWN);
    assertThat(event.getUser().getName()).isEqualTo("news@promo.example");
    assertThat(event.getTo()).isEmpty();
    assertThat(event.getCorrelationId()).isEqualTo("HhuwRf_AOcuJZINE2ZgcKw");
    assertThat(event.getMetadata().getUnmapped())
        .containsEntry("Hld", "Spm")
        .containsEntry("MsgSize", "157436");
  }

  @Test
  void shouldKeyOutboundMailByTheSender() {
    ObjectNode json = SiemRecords.v1Receipt();
    json.put("Dir", "Outbound");
    json.put("Sender", "ann@corp.example");
    json.put("Rcpt", "bob@partner.example");

    assertThat(activity(json).getUser().getName()).isEqualTo("ann@corp.example");
  }

  @Test
  void shouldKeyInternalMailByTheRecipient() {
    ObjectNode json = SiemRecords.v1Receipt();
    json.put("Dir", "Internal");

    EmailActivityEvent event = activity(json);

    assertThat(event.getDirection()).isEqualTo(Direction.INTERNAL);
    assertThat(event.getUser().getName()).isEqualTo("ann@corp.example");
  }

  @Test
  void shouldMapAnUnknownDirectionToUnknownAndKeepIt() {
    ObjectNode json = SiemRecords.v1Receipt();
    json.put("Dir", "External");

    EmailActivityEvent event = activity(json);

    assertThat(event.getDirection()).isEqualTo(Direction.UNKNOWN);
    assertThat(event.getMetadata().getUnmapped()).containsEntry("Dir", "External");
  }

  @Test
  void shouldPreferTheFileNameWhenTheConnectorKeptContentDisposition() {
    ObjectNode json = SiemRecords.v1Receipt(); // has Act and IP: inferred as a receipt
    json.put("Content-Disposition", "attachment; filename=\"process_20211018093329655.json\"");

    assertThat(activity(json).getActivity()).isEqualTo(EmailActivity.PROCESS);
  }

  @Test
  void shouldMapAUrlProtectLineToAMaliciousBlockedClick() {
    Mapping.Mapped mapped = mapped(map(SiemRecords.v1UrlProtect()));
    EmailUrlEvent event = (EmailUrlEvent) mapped.value();

    assertThat(mapped.canonicalClass()).isEqualTo(CanonicalClass.EMAIL_URL);
    assertThat(mapped.key()).isEqualTo("ann@corp.example");
    assertThat(event.getUrl()).isEqualTo("http://docusign.bad.example/Docu/index2.php");
    assertThat(event.getUrlDomain()).isEqualTo("docusign.bad.example");
    assertThat(event.getIsClick()).isTrue();
    assertThat(event.getVerdict()).isEqualTo(Verdict.MALICIOUS);
    assertThat(event.getAction()).isEqualTo(EmailAction.BLOCKED);
    assertThat(event.getDirection()).isEqualTo(Direction.INBOUND);
    assertThat(event.getCategory()).isEqualTo("Phishing & Fraud");
    assertThat(event.getSender()).isEqualTo("docusign@zenz.example");
    assertThat(event.getSrcIp()).isEqualTo("203.0.113.15");
    assertThat(event.getSubject()).isEqualTo("DocuSign contract");
    assertThat(event.getMetadata().getSource()).isEqualTo("mimecast.siem");
    assertThat(event.getMetadata().getUnmapped()).containsEntry("senderDomain", "zenz.example");
  }

  @Test
  void shouldUseTheSharedTablesForUnknownUrlProtectValues() {
    ObjectNode json = SiemRecords.v1UrlProtect();
    json.put("reason", "quarantined");
    json.put("action", "Sandbox");

    EmailUrlEvent event = (EmailUrlEvent) mapped(map(json)).value();

    assertThat(event.getVerdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(event.getAction()).isEqualTo(EmailAction.UNKNOWN);
    assertThat(event.getMetadata().getUnmapped())
        .containsEntry("reason", "quarantined")
        .containsEntry("action", "Sandbox");
  }

  @Test
  void shouldMapAnAttachmentProtectLineForItsRecipient() {
    Mapping.Mapped mapped = mapped(map(SiemRecords.v1AttachmentProtect()));
    EmailFileEvent event = (EmailFileEvent) mapped.value();

    assertThat(mapped.canonicalClass()).isEqualTo(CanonicalClass.EMAIL_FILE);
    assertThat(mapped.key()).isEqualTo("ann@corp.example");
    assertThat(event.getFile().getName()).isEqualTo("invoice.pdf");
    assertThat(event.getFile().getType()).isEqualTo("application/pdf");
    assertThat(event.getFile().getSha256()).isEqualTo(MimecastRecords.SHA256);
    assertThat(event.getVerdict()).isEqualTo(Verdict.MALICIOUS);
    assertThat(event.getDirection()).isEqualTo(Direction.INBOUND);
    assertThat(event.getSender()).isEqualTo("billing@vendor.example");
    assertThat(event.getMessageId()).isEqualTo("<f6@mx.vendor.example>");
  }

  @Test
  void shouldMapAnImpersonationLineWithTheChecksThatHitAsIndicators() {
    Mapping.Mapped mapped = mapped(map(SiemRecords.v1Impersonation()));
    FindingEvent event = (FindingEvent) mapped.value();

    assertThat(mapped.canonicalClass()).isEqualTo(CanonicalClass.FINDING);
    assertThat(mapped.key()).isEqualTo("bob@corp.example");
    assertThat(event.getFindingType()).isEqualTo("impersonation");
    assertThat(event.getTitle()).isEqualTo("Default Impersonation Definition");
    assertThat(event.getSeverity()).isEqualTo(Severity.HIGH);
    assertThat(event.getIsMalicious()).isTrue();
    assertThat(event.getIndicators()).containsExactly("InternalName", "NewDomain");
    assertThat(event.getSender()).isEqualTo("ceo@lookalike.example");
    assertThat(event.getSrcIp()).isEqualTo("198.51.100.23");
    assertThat(event.getAction()).isEqualTo("Hold");
    assertThat(event.getMetadata().getUnmapped())
        .containsEntry("SimilarInternalDomain", "false")
        .containsEntry("ReplyMismatch", "false")
        .containsEntry("Hits", "2")
        .containsEntry("TaggedExternal", "false")
        .doesNotContainKeys("InternalName", "TaggedMalicious", "Recipient");
  }

  @Test
  void shouldStripControlCharactersFromTheSubject() {
    ObjectNode json = SiemRecords.v1Receipt();
    json.put("Subject", "Report\r\nforged line");

    assertThat(activity(json).getSubject()).isEqualTo("Report  forged line");
  }

  @Test
  void shouldMapAnApi1JournalLineToEmailActivityOfTypeJournal() {
    Mapping.Mapped mapped = mapped(map(SiemRecords.v1Journal()));
    EmailActivityEvent event = (EmailActivityEvent) mapped.value();

    assertThat(mapped.canonicalClass()).isEqualTo(CanonicalClass.EMAIL_ACTIVITY);
    assertThat(event.getActivity()).isEqualTo(EmailActivity.OTHER);
    assertThat(event.getDirection()).isEqualTo(Direction.INTERNAL);
    assertThat(mapped.key()).isEqualTo("journal@corp.example");
    assertThat(event.getMetadata().getUnmapped())
        .containsEntry("type", "journal")
        .containsEntry("RcptActType", "Jnl");
  }

  @Test
  void shouldRejectALineItCannotRecogniseNamingTheFieldsItSaw() {
    ObjectNode json =
        MimecastRecords.parse(
            "{\"acc\":\"ABC123\",\"datetime\":\"2021-10-19T07:06:40+0100\",\"Foo\":1}");

    Mapping.Rejected rejected = rejected(map(json));

    assertThat(rejected.reason().code()).isEqualTo("unknown_shape");
    assertThat(rejected.reason().detail()).contains("acc", "datetime", "Foo");
  }

  @Test
  void shouldRejectALineWithoutAUsableDatetime() {
    ObjectNode missing = SiemRecords.v1Receipt();
    missing.remove("datetime");
    ObjectNode unreadable = SiemRecords.v1Receipt();
    unreadable.put("datetime", "19/10/2021");

    assertThat(dlqCode(map(missing))).isEqualTo("missing_field:datetime");
    assertThat(dlqCode(map(unreadable))).isEqualTo("bad_time");
  }

  @Test
  void shouldRejectALineWithoutItsPrimaryMailbox() {
    ObjectNode noAddresses = SiemRecords.v1Receipt();
    noAddresses.remove("Rcpt");
    noAddresses.remove("Sender");
    ObjectNode outboundNoSender = SiemRecords.v1Receipt();
    outboundNoSender.put("Dir", "Outbound");
    outboundNoSender.put("Sender", "<>");
    ObjectNode urlNoRecipient = SiemRecords.v1UrlProtect();
    urlNoRecipient.remove("recipient");
    ObjectNode impersonationNoRecipient = SiemRecords.v1Impersonation();
    impersonationNoRecipient.remove("Recipient");

    assertThat(dlqCode(map(noAddresses))).isEqualTo("missing_field:Rcpt");
    assertThat(dlqCode(map(outboundNoSender))).isEqualTo("missing_field:Sender");
    assertThat(dlqCode(map(urlNoRecipient))).isEqualTo("missing_field:recipient");
    assertThat(dlqCode(map(impersonationNoRecipient))).isEqualTo("missing_field:recipient");
  }

  // API 2.0 batch lines
  @Test
  void shouldMapARejectedReceiptWithEpochMillisecondTime() {
    EmailActivityEvent event = activity(SiemRecords.v2Receipt());

    assertThat(event.getActivity()).isEqualTo(EmailActivity.RECEIVE);
    assertThat(event.getDirection()).isEqualTo(Direction.INBOUND);
    assertThat(event.getUser().getName()).isEqualTo("ann@corp.example");
    assertThat(event.getFrom()).isEqualTo("spam@bulk.example");
    assertThat(event.getSrcIp()).isEqualTo("203.0.113.44");
    assertThat(event.getRejection()).isEqualTo("Manual Envelope Rejection");
    assertThat(event.getRejectionCode()).isEqualTo("550");
    assertThat(event.getCorrelationId()).isEqualTo("lf7BP8oVOue0keIDXck0Ww_1731454604");
    assertThat(event.getMetadata().getTime()).isEqualTo(Instant.ofEpochMilli(1731454605992L));
    assertThat(event.getMetadata().getUnmapped())
        .containsEntry("action", "Rej")
        .containsEntry("rejectionInfo", "Envelope blocked - User Entry")
        .containsKey("processingId")
        .doesNotContainKeys("type", "timestamp", "recipients", "senderIp");
  }

  @Test
  void shouldMapAProcessRecordForTheSender() {
    EmailActivityEvent event = activity(SiemRecords.v2Process());

    assertThat(event.getActivity()).isEqualTo(EmailActivity.PROCESS);
    assertThat(event.getUser().getName()).isEqualTo("offers@promo.example");
    assertThat(event.getMetadata().getUnmapped()).containsEntry("holdReason", "Spm");
  }

  @Test
  void shouldMapAnOutboundDeliveryToEveryRecipientAndKeyItByTheSender() {
    EmailActivityEvent event = activity(SiemRecords.v2Delivery());

    assertThat(event.getActivity()).isEqualTo(EmailActivity.DELIVER);
    assertThat(event.getDirection()).isEqualTo(Direction.OUTBOUND);
    assertThat(event.getUser().getName()).isEqualTo("ann@corp.example");
    assertThat(event.getTo()).containsExactly("carol@partner.example", "dave@partner.example");
    assertThat(event.getDelivered()).isTrue();
    assertThat(event.getSrcIp()).isNull();
    assertThat(event.getMetadata().getUnmapped())
        .containsEntry("destinationIp", "192.0.2.10")
        .containsEntry("Hostname", "mx1.corp.example");
  }

  @Test
  void shouldReadRecipientsSentAsAnArray() {
    ObjectNode json = SiemRecords.v2Receipt();
    json.putArray("recipients").add("Ann@Corp.Example").add("bob@corp.example");

    assertThat(activity(json).getTo()).containsExactly("ann@corp.example", "bob@corp.example");
  }

  @Test
  void shouldKeepAnAttachmentProtectRecordWithoutRecipientUnderANullKey() {
    Mapping.Mapped mapped = mapped(map(SiemRecords.v2AttachmentProtect()));
    EmailFileEvent event = (EmailFileEvent) mapped.value();

    assertThat(mapped.canonicalClass()).isEqualTo(CanonicalClass.EMAIL_FILE);
    assertThat(mapped.key()).isNull();
    assertThat(event.getRecipient().getName()).isNull();
    assertThat(event.getFile().getName()).isEqualTo("zero-day.pdf");
    assertThat(event.getFile().getType()).isEqualTo("pdf");
    assertThat(event.getFile().getSha256()).isEqualTo(MimecastRecords.SHA256);
    assertThat(event.getFile().getMd5()).isEqualTo("66f03bf072a74bb19db16c952ba3dc47");
    assertThat(event.getVerdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(event.getMetadata().getUnmapped())
        .containsEntry("sha1", "ce87cd86f9d9d3ed4c1138530ef259ce83638593");
  }

  @Test
  void shouldKeepHashesThatAreNotHashesInUnmapped() {
    ObjectNode json = SiemRecords.v2AttachmentProtect();
    json.put("sha256", "not-a-hash");
    json.put("md5", "xyz");

    EmailFileEvent event = (EmailFileEvent) mapped(map(json)).value();

    assertThat(event.getFile().getSha256()).isNull();
    assertThat(event.getFile().getMd5()).isNull();
    assertThat(event.getMetadata().getUnmapped())
        .containsEntry("sha256", "not-a-hash")
        .containsEntry("md5", "xyz");
  }

  @Test
  void shouldMapAUrlProtectRecord() {
    EmailUrlEvent event = (EmailUrlEvent) mapped(map(SiemRecords.v2UrlProtect())).value();

    assertThat(event.getUser().getName()).isEqualTo("ann@corp.example");
    assertThat(event.getUrlDomain()).isEqualTo("login.bad.example");
    assertThat(event.getAction()).isEqualTo(EmailAction.BLOCKED);
    assertThat(event.getIsClick()).isTrue();
    assertThat(event.getSender()).isEqualTo("x@bad.example");
    assertThat(event.getMetadata().getUnmapped()).containsEntry("blockReason", "Malicious URL");
  }

  @Test
  void shouldNotCountAnEntryScanAsAClick() {
    ObjectNode json = SiemRecords.v2UrlProtect();
    json.put("creationMethod", "Entry Scan");

    EmailUrlEvent event = (EmailUrlEvent) mapped(map(json)).value();

    assertThat(event.getIsClick()).isFalse();
  }

  @Test
  void shouldMapAnImpersonationRecordNotTaggedMaliciousAsMedium() {
    FindingEvent event = (FindingEvent) mapped(map(SiemRecords.v2Impersonation())).value();

    assertThat(event.getRecipient().getName()).isEqualTo("bob@corp.example");
    assertThat(event.getTitle()).isEqualTo("Default Impersonation Definition");
    assertThat(event.getSeverity()).isEqualTo(Severity.MEDIUM);
    assertThat(event.getIsMalicious()).isFalse();
    assertThat(event.getSrcIp()).isEqualTo("198.51.100.23");
    assertThat(event.getAction()).isEqualTo("Tag");
    assertThat(event.getMetadata().getUnmapped())
        .containsEntry("newDomain", "lookalike.example")
        .containsEntry("taggedExternal", "true");
  }

  @Test
  void shouldRejectALogTypeSluiceDoesNotNormaliseNamingIt() {
    ObjectNode json = SiemRecords.v2Process();
    json.put("type", "spam report");

    Mapping.Rejected rejected = rejected(map(json));

    assertThat(rejected.reason().code()).isEqualTo("unknown_shape");
    assertThat(rejected.reason().detail()).contains("'spam report'");
  }

  @Test
  void shouldRejectAnUnflattenedApi1FileEnvelope() {
    ObjectNode json = MimecastRecords.parse("{\"type\":\"MTA\",\"data\":[{\"Act\":\"Acc\"}]}");

    assertThat(dlqCode(map(json))).isEqualTo("unknown_shape");
  }

  @Test
  void shouldRejectARecordWithoutAUsableTimestamp() {
    ObjectNode missing = SiemRecords.v2Receipt();
    missing.remove("timestamp");
    ObjectNode zero = SiemRecords.v2Receipt();
    zero.put("timestamp", 0);

    assertThat(dlqCode(map(missing))).isEqualTo("missing_field:timestamp");
    assertThat(dlqCode(map(zero))).isEqualTo("bad_time");
  }

  @Test
  void shouldRejectARecordWithoutRecipients() {
    ObjectNode json = SiemRecords.v2Receipt();
    json.remove("recipients");
    json.remove("senderEnvelope");

    assertThat(dlqCode(map(json))).isEqualTo("missing_field:recipients");
  }

  // --- every documented API 2.0 log type maps ---

  @Test
  void shouldMapASpamLineToAScanOfTheInboundRecipientWithItsDisposition() {
    Mapping.Mapped mapped = mapped(map(SiemRecords.v2Spam()));
    EmailActivityEvent event = (EmailActivityEvent) mapped.value();

    assertThat(mapped.canonicalClass()).isEqualTo(CanonicalClass.EMAIL_ACTIVITY);
    assertThat(mapped.key()).isEqualTo("ann@corp.example");
    assertThat(event.getActivity()).isEqualTo(EmailActivity.SCAN);
    assertThat(event.getDirection()).isEqualTo(Direction.INBOUND);
    assertThat(event.getFrom()).isEqualTo("deals@promo.example");
    assertThat(event.getSrcIp()).isEqualTo("203.0.113.50");
    assertThat(event.getCorrelationId()).isEqualTo("nNsYsZo5PsiS7tsPPMhScw_1731597441");
    assertThat(event.getDelivered()).isNull();
    assertThat(event.getMetadata().getUnmapped())
        .containsEntry("type", "spam")
        .containsEntry("senderDomain", "promo.example");
  }

  @Test
  void shouldMapAJournalLineToOtherActivityWithItsDisposition() {
    Mapping.Mapped mapped = mapped(map(SiemRecords.v2Journal()));
    EmailActivityEvent event = (EmailActivityEvent) mapped.value();

    assertThat(event.getActivity()).isEqualTo(EmailActivity.OTHER);
    assertThat(event.getDirection()).isEqualTo(Direction.INTERNAL);
    assertThat(mapped.key()).isEqualTo("bob@corp.example");
    assertThat(event.getMetadata().getUnmapped()).containsEntry("type", "journal");
  }

  @Test
  void shouldMapInternalEmailProtectToABlockedMaliciousUrlOfTheInternalSender() {
    Mapping.Mapped mapped = mapped(map(SiemRecords.v2InternalEmailProtect()));
    EmailUrlEvent event = (EmailUrlEvent) mapped.value();

    assertThat(mapped.canonicalClass()).isEqualTo(CanonicalClass.EMAIL_URL);
    assertThat(mapped.key()).isEqualTo("coo.jeff@corp.example");
    assertThat(event.getIsClick()).isFalse();
    assertThat(event.getVerdict()).isEqualTo(Verdict.MALICIOUS);
    assertThat(event.getAction()).isEqualTo(EmailAction.BLOCKED);
    assertThat(event.getCategory()).isEqualTo("Compromised");
    assertThat(event.getDirection()).isEqualTo(Direction.INTERNAL);
    assertThat(event.getUrl()).isNull();
    assertThat(event.getMetadata().getUnmapped())
        .containsEntry("scanResults", "Blocked URL Category");
  }

  @Test
  void shouldGiveNoVerdictForACategoryOutsideTheSecurityGroup() {
    ObjectNode json = SiemRecords.v2InternalEmailProtect();
    json.put("urlCategory", "Gambling");

    EmailUrlEvent event = (EmailUrlEvent) mapped(map(json)).value();

    assertThat(event.getVerdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(event.getAction()).isEqualTo(EmailAction.BLOCKED);
    assertThat(event.getMetadata().getUnmapped())
        .containsEntry("scanResults", "Blocked URL Category");
  }

  @Test
  void shouldCallASuspiciousSecurityCategorySuspicious() {
    ObjectNode json = SiemRecords.v2InternalEmailProtect();
    json.put("urlCategory", "Anonymizers");

    assertThat(((EmailUrlEvent) mapped(map(json)).value()).getVerdict())
        .isEqualTo(Verdict.SUSPICIOUS);
  }

  @Test
  void shouldTakeAUrlProtectVerdictFromTheCategoryWhenThereIsNoVerdictWord() {
    EmailUrlEvent event = (EmailUrlEvent) mapped(map(SiemRecords.v2UrlProtect())).value();

    assertThat(event.getVerdict()).isEqualTo(Verdict.MALICIOUS);
  }

  @Test
  void shouldMapAnAvLineToAMaliciousFileForItsRecipient() {
    Mapping.Mapped mapped = mapped(map(SiemRecords.v2Av()));
    EmailFileEvent event = (EmailFileEvent) mapped.value();

    assertThat(mapped.canonicalClass()).isEqualTo(CanonicalClass.EMAIL_FILE);
    assertThat(mapped.key()).isEqualTo("ann@corp.example");
    assertThat(event.getVerdict()).isEqualTo(Verdict.MALICIOUS);
    assertThat(event.getFile().getName()).isEqualTo("invoice.zip");
    assertThat(event.getFile().getSha256())
        .isEqualTo("2184a906a8f705269be0ed65b25c0ecde9cd3bbe0bdadbe1e86492a7ce073c32");
    assertThat(event.getSender()).isEqualTo("billing@vendor.example");
    assertThat(event.getMetadata().getUnmapped())
        .containsEntry("virusFound", "Win.Trojan.Agent-1234");
  }

  @Test
  void shouldNotCallAnAvLineWithoutAVirusMalicious() {
    ObjectNode json = SiemRecords.v2Av();
    json.remove("virusFound");

    assertThat(((EmailFileEvent) mapped(map(json)).value()).getVerdict())
        .isEqualTo(Verdict.UNKNOWN);
  }

  // --- addresses and lists ---

  @Test
  void shouldKeepAnIpFieldThatIsNoAddressInUnmapped() {
    ObjectNode json = SiemRecords.v2Spam();
    json.put("senderIp", "Internal IP");

    EmailActivityEvent event = (EmailActivityEvent) mapped(map(json)).value();

    assertThat(event.getSrcIp()).isNull();
    assertThat(event.getMetadata().getUnmapped()).containsEntry("senderIp", "Internal IP");
  }

  @Test
  void shouldTakeTheStrongestOfAListOfActions() {
    ObjectNode json = SiemRecords.v2UrlProtect();
    json.put("action", "allow, block");

    EmailUrlEvent event = (EmailUrlEvent) mapped(map(json)).value();

    assertThat(event.getAction()).isEqualTo(EmailAction.BLOCKED);
    assertThat(event.getMetadata().getUnmapped()).containsEntry("action", "allow, block");
  }
}
