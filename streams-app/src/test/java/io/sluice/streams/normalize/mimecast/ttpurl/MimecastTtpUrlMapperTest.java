package io.sluice.streams.normalize.mimecast.ttpurl;

import static io.sluice.streams.normalize.mimecast.MimecastRecords.dlqCode;
import static io.sluice.streams.normalize.mimecast.MimecastRecords.mapped;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.schemas.Direction;
import io.sluice.schemas.EmailAction;
import io.sluice.schemas.EmailUrlEvent;
import io.sluice.schemas.RawRef;
import io.sluice.schemas.Verdict;
import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.normalize.Mapping;
import io.sluice.streams.normalize.mimecast.MimecastRecords;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MimecastTtpUrlMapperTest {
  private final MimecastTtpUrlMapper mapper = new MimecastTtpUrlMapper();

  private Mapping map(ObjectNode json) {
    return mapper.map(MimecastRecords.raw("raw.mimecast.ttp-url", json));
  }

  private EmailUrlEvent event(ObjectNode json) {
    Mapping.Mapped mapped = mapped(map(json));
    assertThat(mapped.canonicalClass()).isEqualTo(CanonicalClass.EMAIL_URL);
    return (EmailUrlEvent) mapped.value();
  }

  private static ObjectNode click() {
    return MimecastRecords.ttpUrlClick();
  }

  @Test
  void shouldMapAUserClickOnAMaliciousUrlWithEveryField() {
    Mapping.Mapped mapped = mapped(map(click()));
    EmailUrlEvent event = (EmailUrlEvent) mapped.value();

    assertThat(mapped.key()).isEqualTo("ann@corp.example");
    assertThat(event.getUser().getName()).isEqualTo("ann@corp.example");
    assertThat(event.getUser().getEmail()).isEqualTo("ann@corp.example");
    assertThat(event.getUser().getVip()).isFalse();
    assertThat(event.getUrl()).isEqualTo("https://bad.example/x?id=1");
    assertThat(event.getUrlDomain()).isEqualTo("bad.example");
    assertThat(event.getIsClick()).isTrue();
    assertThat(event.getVerdict()).isEqualTo(Verdict.MALICIOUS);
    assertThat(event.getAction()).isEqualTo(EmailAction.WARNED);
    assertThat(event.getCategory()).isEqualTo("Phishing & Fraud");
    assertThat(event.getMessageId()).isEqualTo("<a1@mx.example>");
    assertThat(event.getSender()).isEqualTo("news@promo.example");
    assertThat(event.getSubject()).isEqualTo("Invoice");
    assertThat(event.getSrcIp()).isEqualTo("203.0.113.7");
    assertThat(event.getDirection()).isEqualTo(Direction.INBOUND);
  }

  @Test
  void shouldFillMetadataNamingTheFeedAndTheRawRecord() {
    EmailUrlEvent event = event(click());

    assertThat(event.getMetadata().getSource()).isEqualTo("mimecast.ttp-url");
    assertThat(event.getMetadata().getVendor()).isEqualTo("Mimecast");
    assertThat(event.getMetadata().getProduct()).isEqualTo("Mimecast Email Security");
    assertThat(event.getMetadata().getFeed()).isEqualTo("ttp-url");
    assertThat(event.getMetadata().getTime()).isEqualTo(Instant.parse("2024-11-14T19:44:02Z"));
    assertThat(event.getMetadata().getIngestTime()).isEqualTo(MimecastRecords.INGEST);
    assertThat(event.getMetadata().getEventId()).isEqualTo(MimecastRecords.EVENT_ID);
    assertThat(event.getMetadata().getVendorUid()).isNull();
    assertThat(event.getMetadata().getRawRef())
        .isEqualTo(new RawRef("raw.mimecast.ttp-url", 1, 42L));
  }

  @Test
  void shouldKeepFieldsWithNoCanonicalHomeAndTheUnusedActionFieldsInUnmapped() {
    EmailUrlEvent event = event(click());

    assertThat(event.getMetadata().getUnmapped())
        .containsEntry("ttpDefinition", "Default Inbound URL Protect Definition")
        .containsEntry("adminOverride", "N/A")
        .containsEntry("userOverride", "None")
        .containsEntry("actions", "Block")
        .containsEntry("userAwarenessAction", "N/A")
        .containsEntry("emailPartsDescription", "[\"Body\"]")
        .doesNotContainKeys(
            "action", "date", "userEmailAddress", "url", "scanResult", "creationMethod", "route");
  }

  @ParameterizedTest
  @CsvSource({
    "clean, CLEAN",
    "Clean, CLEAN",
    "suspicious, SUSPICIOUS",
    "malicious, MALICIOUS",
    "unknown, UNKNOWN"
  })
  void shouldMapEachKnownScanResult(String scanResult, Verdict expected) {
    ObjectNode json = click();
    json.put("scanResult", scanResult);

    EmailUrlEvent event = event(json);

    assertThat(event.getVerdict()).isEqualTo(expected);
    assertThat(event.getMetadata().getUnmapped()).doesNotContainKey("scanResult");
  }

  @Test
  void shouldMapAnUnknownScanResultToUnknownAndKeepIt() {
    ObjectNode json = click();
    json.put("scanResult", "timeout");

    EmailUrlEvent event = event(json);

    assertThat(event.getVerdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(event.getMetadata().getUnmapped()).containsEntry("scanResult", "timeout");
  }

  @ParameterizedTest
  @CsvSource({"allow, ALLOWED", "Allow, ALLOWED", "warn, WARNED", "block, BLOCKED"})
  void shouldMapEachKnownAction(String action, EmailAction expected) {
    ObjectNode json = click();
    json.put("action", action);

    assertThat(event(json).getAction()).isEqualTo(expected);
  }

  @Test
  void shouldFallBackToActionsWhenActionIsAbsentOrNotApplicable() {
    ObjectNode absent = click();
    absent.remove("action");
    ObjectNode notApplicable = click();
    notApplicable.put("action", "N/A");

    assertThat(event(absent).getAction()).isEqualTo(EmailAction.BLOCKED);
    assertThat(event(absent).getMetadata().getUnmapped()).doesNotContainKey("actions");
    assertThat(event(notApplicable).getAction()).isEqualTo(EmailAction.BLOCKED);
    assertThat(event(notApplicable).getMetadata().getUnmapped()).containsEntry("action", "N/A");
  }

  @Test
  void shouldFallBackToUserAwarenessActionOnlyWhenNeitherActionFieldApplies() {
    ObjectNode json = click();
    json.remove("action");
    json.remove("actions");
    json.put("userAwarenessAction", "Allow");

    assertThat(event(json).getAction()).isEqualTo(EmailAction.ALLOWED);
  }

  @Test
  void shouldMapNoActionAtAllToUnknown() {
    ObjectNode json = click();
    json.remove("action");
    json.remove("actions");
    json.remove("userAwarenessAction");

    assertThat(event(json).getAction()).isEqualTo(EmailAction.UNKNOWN);
  }

  @Test
  void shouldMapAnUnknownActionToUnknownAndKeepIt() {
    ObjectNode json = click();
    json.put("action", "quarantine-ish");

    EmailUrlEvent event = event(json);

    assertThat(event.getAction()).isEqualTo(EmailAction.UNKNOWN);
    assertThat(event.getMetadata().getUnmapped()).containsEntry("action", "quarantine-ish");
  }

  @Test
  void shouldTreatOnlyUserClicksAsClicks() {
    ObjectNode entryScan = click();
    entryScan.put("creationMethod", "Entry Scan");
    ObjectNode other = click();
    other.put("creationMethod", "Preview");
    ObjectNode missing = click();
    missing.remove("creationMethod");

    assertThat(event(entryScan).getIsClick()).isFalse();
    assertThat(event(entryScan).getMetadata().getUnmapped()).doesNotContainKey("creationMethod");
    assertThat(event(other).getIsClick()).isFalse();
    assertThat(event(other).getMetadata().getUnmapped()).containsEntry("creationMethod", "Preview");
    assertThat(event(missing).getIsClick()).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"inbound, INBOUND", "outbound, OUTBOUND", "internal, INTERNAL", "Inbound, INBOUND"})
  void shouldMapEachKnownRoute(String route, Direction expected) {
    ObjectNode json = click();
    json.put("route", route);

    assertThat(event(json).getDirection()).isEqualTo(expected);
  }

  @Test
  void shouldMapAnUnknownRouteToUnknownAndKeepIt() {
    ObjectNode json = click();
    json.put("route", "sideways");

    EmailUrlEvent event = event(json);

    assertThat(event.getDirection()).isEqualTo(Direction.UNKNOWN);
    assertThat(event.getMetadata().getUnmapped()).containsEntry("route", "sideways");
  }

  @ParameterizedTest
  @CsvSource({
    "https://xn--bcher-kva.example/path, bücher.example",
    "https://bücher.example/path, bücher.example",
    "HTTP://User:pw@Mixed.Example:8080/a, mixed.example",
    "https://under_score.example/x, under_score.example",
    "https://bad.example./x, bad.example",
    "http://[2001:db8::1]/x, [2001:db8::1]"
  })
  void shouldParseTheUrlDomainLowerCaseWithIdnAsUnicode(String url, String domain) {
    ObjectNode json = click();
    json.put("url", url);

    assertThat(event(json).getUrlDomain()).isEqualTo(domain);
  }

  @Test
  void shouldKeepAMalformedUrlWithoutADomain() {
    ObjectNode spaces = click();
    spaces.put("url", "http://bad example/ x");
    ObjectNode noHost = click();
    noHost.put("url", "mailto:ann@corp.example");
    ObjectNode relative = click();
    relative.put("url", "not a url at all %%");

    assertThat(event(spaces).getUrl()).isEqualTo("http://bad example/ x");
    assertThat(event(spaces).getUrlDomain()).isNull();
    assertThat(event(noHost).getUrlDomain()).isNull();
    assertThat(event(relative).getUrlDomain()).isNull();
    assertThat(event(relative).getUrl()).isEqualTo("not a url at all %%");
  }

  @Test
  void shouldMapWithOptionalFieldsMissing() {
    ObjectNode json =
        MimecastRecords.parse(
            "{\"userEmailAddress\":\"ann@corp.example\",\"date\":\"2024-11-14T19:44:02+0000\"}");

    EmailUrlEvent event = event(json);

    assertThat(event.getUrl()).isNull();
    assertThat(event.getUrlDomain()).isNull();
    assertThat(event.getIsClick()).isFalse();
    assertThat(event.getVerdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(event.getAction()).isEqualTo(EmailAction.UNKNOWN);
    assertThat(event.getDirection()).isEqualTo(Direction.UNKNOWN);
    assertThat(event.getSender()).isNull();
    assertThat(event.getSubject()).isNull();
    assertThat(event.getSrcIp()).isNull();
    assertThat(event.getCategory()).isNull();
    assertThat(event.getMessageId()).isNull();
    assertThat(event.getMetadata().getUnmapped()).isEmpty();
  }

  @Test
  void shouldStripControlCharactersFromSubjectAndCategory() {
    ObjectNode json = click();
    json.put("subject", "Invoice\r\n2024 CRITICAL forged");
    json.put("category", "Phishing\u0000");

    EmailUrlEvent event = event(json);

    assertThat(event.getSubject()).isEqualTo("Invoice  2024 CRITICAL forged");
    assertThat(event.getCategory()).isEqualTo("Phishing ");
  }

  @Test
  void shouldRejectARecordWithoutDate() {
    ObjectNode json = click();
    json.remove("date");

    assertThat(dlqCode(map(json))).isEqualTo("missing_field:date");
  }

  @Test
  void shouldRejectARecordWithAnUnreadableDate() {
    ObjectNode json = click();
    json.put("date", "14/11/2024 19:44");

    assertThat(dlqCode(map(json))).isEqualTo("bad_time");
  }

  @Test
  void shouldRejectARecordWithoutTheClickingUser() {
    ObjectNode missing = click();
    missing.remove("userEmailAddress");
    ObjectNode blank = click();
    blank.put("userEmailAddress", "  ");
    ObjectNode wrongType = click();
    wrongType.putObject("userEmailAddress");

    assertThat(dlqCode(map(missing))).isEqualTo("missing_field:userEmailAddress");
    assertThat(dlqCode(map(blank))).isEqualTo("missing_field:userEmailAddress");
    assertThat(dlqCode(map(wrongType))).isEqualTo("missing_field:userEmailAddress");
  }

  @Test
  void shouldKeepASendingIpThatIsNoAddressOutOfSrcIp() {
    ObjectNode json = click();
    json.put("sendingIp", "Internal IP");

    EmailUrlEvent event = event(json);

    assertThat(event.getSrcIp()).isNull();
    assertThat(event.getMetadata().getUnmapped()).containsEntry("sendingIp", "Internal IP");
  }

  @Test
  void shouldAcceptAnIpv6SendingIp() {
    ObjectNode json = click();
    json.put("sendingIp", "2001:db8::7");

    assertThat(event(json).getSrcIp()).isEqualTo("2001:db8::7");
  }

  @Test
  void shouldKeepAListOfActionsAndMapTheStrongest() {
    ObjectNode json = click();
    json.put("action", "warn, block");

    EmailUrlEvent event = event(json);

    assertThat(event.getAction()).isEqualTo(EmailAction.BLOCKED);
    assertThat(event.getMetadata().getUnmapped()).containsEntry("action", "warn, block");
  }
}
