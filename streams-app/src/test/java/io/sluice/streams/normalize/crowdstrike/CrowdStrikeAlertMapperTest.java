package io.sluice.streams.normalize.crowdstrike;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.schemas.FindingEvent;
import io.sluice.schemas.RawRef;
import io.sluice.schemas.Severity;
import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.normalize.DlqReason;
import io.sluice.streams.normalize.Mapping;
import io.sluice.streams.normalize.RawEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CrowdStrikeAlertMapperTest {
  private static final Instant T = Instant.parse("2024-05-02T18:00:22.328Z");
  private static final Instant INGEST = Instant.parse("2024-05-02T19:05:00Z");
  private final CrowdStrikeAlertMapper mapper = new CrowdStrikeAlertMapper();

  private Mapping map(ObjectNode json) {
    return mapper.map(
        new RawEvent(
            "fedcba9876543210fedcba9876543210",
            json,
            new RawRef("raw.crowdstrike.alerts", 0, 12L),
            INGEST));
  }

  private Mapping.Mapped mapped(ObjectNode json) {
    Mapping mapping = map(json);
    assertThat(mapping).isInstanceOf(Mapping.Mapped.class);
    Mapping.Mapped mapped = (Mapping.Mapped) mapping;
    assertThat(mapped.canonicalClass()).isEqualTo(CanonicalClass.FINDING);
    return mapped;
  }

  private FindingEvent finding(ObjectNode json) {
    return (FindingEvent) mapped(json).value();
  }

  private DlqReason rejection(ObjectNode json) {
    Mapping mapping = map(json);
    assertThat(mapping).isInstanceOf(Mapping.Rejected.class);
    return ((Mapping.Rejected) mapping).reason();
  }

  @Test
  void shouldMapTheDocumentedAdwareAlert() {
    Mapping.Mapped mapped = mapped(FalconAlerts.sample());
    FindingEvent event = (FindingEvent) mapped.value();

    assertThat(mapped.key()).isEqualTo("ann");
    assertThat(event.getMetadata().getTime()).isEqualTo(T);
    assertThat(event.getTitle()).isEqualTo("Adware/PUP detected (lowest confidence)");
    assertThat(event.getDescription())
        .isEqualTo(
            "This file meets the Adware/PUP Anti-malware ML algorithm's lowest-confidence threshold.");
    assertThat(event.getFindingType()).isEqualTo("endpoint_detection");
    assertThat(event.getSeverity()).isEqualTo(Severity.LOW);
    assertThat(event.getUser().getName()).isEqualTo("ann");
    assertThat(event.getUser().getEmail()).isNull();
    assertThat(event.getUser().getUid())
        .isEqualTo("S-1-5-21-1909377054-3469629671-4104191496-4425");
    assertThat(event.getUser().getVip()).isFalse();
    assertThat(event.getRecipient()).isNull();
    assertThat(event.getSender()).isNull();
    assertThat(event.getHost().getHostname()).isEqualTo("WS-1175");
    assertThat(event.getHost().getUid()).isEqualTo("2ce412d17b334ad4adc8c1c54dbfec4b");
    assertThat(event.getHost().getIp()).isEqualTo("10.0.0.5");
    assertThat(event.getHost().getExternalIp()).isEqualTo("81.2.69.142");
    assertThat(event.getHost().getOs()).isEqualTo("Windows 11");
    assertThat(event.getFile().getName()).isEqualTo("setup.exe");
    assertThat(event.getFile().getPath())
        .isEqualTo("\\Device\\HarddiskVolume3\\Users\\ann\\Downloads\\setup.exe");
    assertThat(event.getFile().getSha256())
        .isEqualTo("b26a6791b72753d2317efd5e1363d93fdd33e611c8b9e08a3b24ea4d755b81fd");
    assertThat(event.getFile().getMd5()).isEqualTo("cdf9cfebb400ce89d5b6032bfcdc693b");
    assertThat(event.getFile().getType()).isEqualTo("exe");
    assertThat(event.getTactics()).containsExactly("CSTA0004");
    assertThat(event.getTechniques()).containsExactly("CST0000");
    assertThat(event.getConfidence()).isEqualTo(10);
    assertThat(event.getAction())
        .isEqualTo(
            "Prevention/Quarantine, process was blocked from execution and quarantine was"
                + " attempted.");
    assertThat(event.getLink())
        .isEqualTo(
            "https://falcon.crowdstrike.com/activity-v2/detections/" + FalconAlerts.COMPOSITE_ID);
    assertThat(event.getIsMalicious()).isNull();
  }

  @Test
  void shouldFillMetadataNamingTheSourceAndPointingBackToTheRawRecord() {
    FindingEvent event = finding(FalconAlerts.sample());

    assertThat(event.getMetadata().getSource()).isEqualTo("crowdstrike.alerts");
    assertThat(event.getMetadata().getVendor()).isEqualTo("CrowdStrike");
    assertThat(event.getMetadata().getProduct()).isEqualTo("Falcon");
    assertThat(event.getMetadata().getFeed()).isEqualTo("alerts");
    assertThat(event.getMetadata().getEventId()).isEqualTo("fedcba9876543210fedcba9876543210");
    assertThat(event.getMetadata().getIngestTime()).isEqualTo(INGEST);
    assertThat(event.getMetadata().getVendorUid()).isEqualTo(FalconAlerts.COMPOSITE_ID);
    assertThat(event.getMetadata().getRawRef())
        .isEqualTo(new RawRef("raw.crowdstrike.alerts", 0, 12L));
  }

  @Test
  void shouldKeepVendorFieldsWithNoCanonicalHomeInUnmapped() {
    FindingEvent event = finding(FalconAlerts.sample());

    assertThat(event.getMetadata().getUnmapped())
        .containsEntry("status", "new")
        .containsEntry("cmdline", "\"C:\\Users\\ann\\Downloads\\setup.exe\"")
        .containsEntry("cid", "9201ab12cd34")
        .containsEntry("agent_id", "2ce412d17b334ad4adc8c1c54dbfec4b")
        .containsEntry("product", "epp")
        .containsEntry("type", "ldt")
        .containsEntry("pattern_disposition", "2176")
        .containsEntry("tactic", "Machine Learning")
        .containsEntry("technique", "Adware/PUP")
        .containsEntry("name", "PrewittPupAdwareSensorDetect-Lowest")
        .containsEntry("severity", "30")
        .containsEntry("created_timestamp", "2024-05-02T18:01:23.995794943Z")
        .containsEntry("updated_timestamp", "2024-05-02T19:00:23.985007341Z")
        .containsEntry("device.agent_version", "7.04.17605.0")
        .containsEntry("device.platform_name", "Windows")
        .containsKeys("parent_details", "id")
        .doesNotContainKeys(
            "composite_id",
            "timestamp",
            "device",
            "device.hostname",
            "user_name",
            "sha256",
            "severity_name",
            "confidence");
  }

  @Test
  void shouldKeyAnAlertWithoutUserByItsLowerCasedHostname() {
    Mapping.Mapped mapped = mapped(FalconAlerts.hostOnlyAlert("WS-1175.Corp.Example", T));
    FindingEvent event = (FindingEvent) mapped.value();

    assertThat(mapped.key()).isEqualTo("ws-1175.corp.example");
    assertThat(event.getUser()).isNull();
    assertThat(event.getRecipient()).isNull();
    assertThat(event.getHost().getHostname()).isEqualTo("WS-1175.Corp.Example");
  }

  @Test
  void shouldKeepAttackIdsAsTheyAre() {
    FindingEvent event = finding(FalconAlerts.hostOnlyAlert("ws-1", T));

    assertThat(event.getTactics()).containsExactly("TA0002");
    assertThat(event.getTechniques()).containsExactly("T1059");
    assertThat(event.getSeverity()).isEqualTo(Severity.HIGH);
  }

  @Test
  void shouldFallBackToTacticAndTechniqueNamesWithoutIds() {
    ObjectNode alert = FalconAlerts.sample();
    alert.remove("tactic_id");
    alert.remove("technique_id");

    FindingEvent event = finding(alert);

    assertThat(event.getTactics()).containsExactly("Machine Learning");
    assertThat(event.getTechniques()).containsExactly("Adware/PUP");
  }

  @Test
  void shouldReadTacticIdsSentAsAnArray() {
    ObjectNode alert = FalconAlerts.sample();
    alert.putArray("tactic_id").add("TA0002").add(42).add("TA0005");

    assertThat(finding(alert).getTactics()).containsExactly("TA0002", "TA0005");
  }

  @Test
  void shouldLowerCaseTheUserNameForTheKeyAndTreatAnAddressAsEmail() {
    Mapping.Mapped mapped = mapped(FalconAlerts.adwareAlert(" Ann.Lee@Corp.Example ", T));
    FindingEvent event = (FindingEvent) mapped.value();

    assertThat(mapped.key()).isEqualTo("ann.lee@corp.example");
    assertThat(event.getUser().getName()).isEqualTo("ann.lee@corp.example");
    assertThat(event.getUser().getEmail()).isEqualTo("ann.lee@corp.example");
  }

  @ParameterizedTest(name = "severity_name {0} is {1}")
  @CsvSource({
    "Informational, INFORMATIONAL",
    "Low, LOW",
    "Medium, MEDIUM",
    "High, HIGH",
    "Critical, CRITICAL",
    "critical, CRITICAL"
  })
  void shouldMapEveryKnownSeverityLabel(String label, Severity expected) {
    ObjectNode alert = FalconAlerts.sample();
    alert.put("severity_name", label);
    alert.put("severity", 1); // the label wins over the score

    assertThat(finding(alert).getSeverity()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "score {0} is {1}")
  @CsvSource({
    "0, INFORMATIONAL",
    "19, INFORMATIONAL",
    "20, LOW",
    "39, LOW",
    "40, MEDIUM",
    "59, MEDIUM",
    "60, HIGH",
    "79, HIGH",
    "80, CRITICAL",
    "100, CRITICAL"
  })
  void shouldBandTheScoreWhenThereIsNoLabel(int score, Severity expected) {
    ObjectNode alert = FalconAlerts.sample();
    alert.remove("severity_name");
    alert.put("severity", score);

    FindingEvent event = finding(alert);

    assertThat(event.getSeverity()).isEqualTo(expected);
    assertThat(event.getMetadata().getUnmapped())
        .containsEntry("severity", Integer.toString(score));
  }

  @Test
  void shouldBandTheScoreWhenTheLabelIsUnknownAndKeepTheLabel() {
    ObjectNode alert = FalconAlerts.sample();
    alert.put("severity_name", "Severe");
    alert.put("severity", 90);

    FindingEvent event = finding(alert);

    assertThat(event.getSeverity()).isEqualTo(Severity.CRITICAL);
    assertThat(event.getMetadata().getUnmapped()).containsEntry("severity_name", "Severe");
  }

  @Test
  void shouldReadAScoreSentAsText() {
    ObjectNode alert = FalconAlerts.sample();
    alert.remove("severity_name");
    alert.put("severity", "50");

    assertThat(finding(alert).getSeverity()).isEqualTo(Severity.MEDIUM);
  }

  @Test
  void shouldMapToUnknownWhenNeitherLabelNorScoreIsUsable() {
    ObjectNode outOfRange = FalconAlerts.sample();
    outOfRange.put("severity_name", "Severe");
    outOfRange.put("severity", 150);
    ObjectNode absent = FalconAlerts.sample();
    absent.remove("severity_name");
    absent.remove("severity");
    ObjectNode notAnInteger = FalconAlerts.sample();
    notAnInteger.remove("severity_name");
    notAnInteger.put("severity", 45.5);

    assertThat(finding(outOfRange).getSeverity()).isEqualTo(Severity.UNKNOWN);
    assertThat(finding(outOfRange).getMetadata().getUnmapped())
        .containsEntry("severity", "150")
        .containsEntry("severity_name", "Severe");
    assertThat(finding(absent).getSeverity()).isEqualTo(Severity.UNKNOWN);
    assertThat(finding(notAnInteger).getSeverity()).isEqualTo(Severity.UNKNOWN);
    assertThat(finding(notAnInteger).getMetadata().getUnmapped()).containsEntry("severity", "45.5");
  }

  @Test
  void shouldKeepAnUnreadableConfidenceInUnmapped() {
    ObjectNode alert = FalconAlerts.sample();
    alert.put("confidence", "very");
    ObjectNode outOfRange = FalconAlerts.sample();
    outOfRange.put("confidence", 400);

    assertThat(finding(alert).getConfidence()).isNull();
    assertThat(finding(alert).getMetadata().getUnmapped()).containsEntry("confidence", "very");
    assertThat(finding(outOfRange).getConfidence()).isNull();
  }

  @Test
  void shouldTakeTheTitleFromNameWhenThereIsNoDisplayName() {
    ObjectNode alert = FalconAlerts.sample();
    alert.remove("display_name");
    ObjectNode untitled = FalconAlerts.sample();
    untitled.remove("display_name");
    untitled.remove("name");

    assertThat(finding(alert).getTitle()).isEqualTo("PrewittPupAdwareSensorDetect-Lowest");
    assertThat(finding(alert).getMetadata().getUnmapped()).doesNotContainKey("name");
    assertThat(finding(untitled).getTitle()).isEqualTo("Falcon alert");
  }

  @Test
  void shouldFallBackToTheIdWithoutCompositeId() {
    ObjectNode alert = FalconAlerts.sample();
    alert.remove("composite_id");

    FindingEvent event = finding(alert);

    assertThat(event.getMetadata().getVendorUid())
        .isEqualTo("ind:2ce412d17b334ad4adc8c1c54dbfec4b:399748687993-5761-42627600");
    assertThat(event.getMetadata().getUnmapped()).doesNotContainKey("id");
  }

  @Test
  void shouldFallBackToCreatedTimestampWithNanosecondFractions() {
    ObjectNode alert = FalconAlerts.sample();
    alert.remove("timestamp");

    FindingEvent event = finding(alert);

    assertThat(event.getMetadata().getTime()).isEqualTo(Instant.parse("2024-05-02T18:01:23.995Z"));
    assertThat(event.getMetadata().getUnmapped()).doesNotContainKey("created_timestamp");
  }

  @Test
  void shouldUsePlatformNameAsOsWithoutOsVersion() {
    ObjectNode alert = FalconAlerts.sample();
    ((ObjectNode) alert.get("device")).remove("os_version");

    FindingEvent event = finding(alert);

    assertThat(event.getHost().getOs()).isEqualTo("Windows");
    assertThat(event.getMetadata().getUnmapped()).doesNotContainKey("device.platform_name");
  }

  @Test
  void shouldMapWithOptionalFieldsMissing() {
    ObjectNode alert = FalconAlerts.sample();
    for (String field :
        new String[] {
          "description",
          "filename",
          "filepath",
          "sha256",
          "md5",
          "alleged_filetype",
          "confidence",
          "pattern_disposition_description",
          "falcon_host_link",
          "tactic",
          "tactic_id",
          "technique",
          "technique_id",
          "user_id"
        }) {
      alert.remove(field);
    }

    FindingEvent event = finding(alert);

    assertThat(event.getDescription()).isNull();
    assertThat(event.getFile()).isNull();
    assertThat(event.getConfidence()).isNull();
    assertThat(event.getAction()).isNull();
    assertThat(event.getLink()).isNull();
    assertThat(event.getTactics()).isEmpty();
    assertThat(event.getTechniques()).isEmpty();
    assertThat(event.getUser().getUid()).isNull();
    assertThat(event.getSeverity()).isEqualTo(Severity.LOW);
  }

  @Test
  void shouldKeyByUserAndKeepADeviceOfTheWrongTypeInUnmapped() {
    ObjectNode alert = FalconAlerts.sample();
    alert.put("device", "WS-1175");

    FindingEvent event = finding(alert);

    assertThat(event.getHost()).isNull();
    assertThat(event.getMetadata().getUnmapped()).containsEntry("device", "WS-1175");
  }

  @Test
  void shouldStripControlCharactersFromFreeText() {
    ObjectNode alert = FalconAlerts.sample();
    alert.put("display_name", "Adware\r\n2024 CRITICAL forged");
    alert.put("description", "line one\nline two");
    alert.put("filename", "set\tup.exe");
    alert.put("pattern_disposition_description", "blocked\u0007");
    ((ObjectNode) alert.get("device")).put("hostname", "WS\r\n1175");

    FindingEvent event = finding(alert);

    assertThat(event.getTitle()).isEqualTo("Adware  2024 CRITICAL forged");
    assertThat(event.getDescription()).isEqualTo("line one line two");
    assertThat(event.getFile().getName()).isEqualTo("set up.exe");
    assertThat(event.getAction()).isEqualTo("blocked ");
    assertThat(event.getHost().getHostname()).isEqualTo("WS  1175");
  }

  @Test
  void shouldRejectAnAlertWithoutAnyTime() {
    ObjectNode alert = FalconAlerts.sample();
    alert.remove("timestamp");
    alert.remove("created_timestamp");

    assertThat(rejection(alert)).isEqualTo(DlqReason.missingField("timestamp"));
  }

  @Test
  void shouldRejectAnUnreadableTimeWithoutFallingBack() {
    ObjectNode alert = FalconAlerts.sample();
    alert.put("timestamp", "2024-13-45T99:00:00Z");
    ObjectNode badCreated = FalconAlerts.sample();
    badCreated.remove("timestamp");
    badCreated.put("created_timestamp", "yesterday");

    assertThat(rejection(alert).code()).isEqualTo("bad_time");
    assertThat(rejection(alert).detail()).contains("'timestamp'");
    assertThat(rejection(badCreated).code()).isEqualTo("bad_time");
    assertThat(rejection(badCreated).detail()).contains("'created_timestamp'");
  }

  // --- every alert product, and who it is about ---

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "epp, endpoint_detection",
    "idp, identity_detection",
    "ods, malware_scan",
    "automated-lead, automated_lead",
    "automated-lead-context, automated_lead",
    "ngsiem, siem_correlation",
    "NGSIEM, siem_correlation",
    "xdr, falcon_alert"
  })
  void shouldMapEveryProductToAFinding(String product, String findingType) {
    ObjectNode alert = FalconAlerts.sample();
    alert.put("product", product);

    FindingEvent event = finding(alert);

    assertThat(event.getFindingType()).isEqualTo(findingType);
    assertThat(event.getMetadata().getUnmapped()).containsEntry("product", product);
  }

  @Test
  void shouldCallAnAlertWithoutProductAFalconAlert() {
    ObjectNode alert = FalconAlerts.sample();
    alert.remove("product");

    assertThat(finding(alert).getFindingType()).isEqualTo("falcon_alert");
  }

  @Test
  void shouldKeyAnIdentityProtectionAlertByItsSourceAccount() {
    Mapping.Mapped mapped = mapped(FalconAlerts.identityAlert("Admin.Abcdef", T));
    FindingEvent event = (FindingEvent) mapped.value();

    assertThat(mapped.key()).isEqualTo("admin.abcdef");
    assertThat(event.getUser().getName()).isEqualTo("admin.abcdef");
    assertThat(event.getHost().getHostname()).isEqualTo("SRV-DC01");
    assertThat(event.getSrcIp()).isEqualTo("10.0.0.17");
    assertThat(event.getFindingType()).isEqualTo("identity_detection");
    assertThat(event.getMetadata().getUnmapped())
        .containsEntry("source_account_name", "Admin.Abcdef")
        .containsEntry("source_account_domain", "CORP.EXAMPLE");
  }

  @Test
  void shouldPreferTheUserPrincipalOverTheSourceAccount() {
    ObjectNode alert = FalconAlerts.identityAlert("admin.abcdef", T);
    alert.put("user_principal", "Admin.Abcdef@Corp.Example");

    FindingEvent event = finding(alert);

    assertThat(event.getUser().getName()).isEqualTo("admin.abcdef@corp.example");
    assertThat(event.getUser().getEmail()).isEqualTo("admin.abcdef@corp.example");
  }

  @Test
  void shouldKeyAnAutomatedLeadByTheHostOfItsIndicators() {
    Mapping.Mapped mapped = mapped(FalconAlerts.automatedLead("WS-1175", T));
    FindingEvent event = (FindingEvent) mapped.value();

    assertThat(mapped.key()).isEqualTo("ws-1175");
    assertThat(event.getUser()).isNull();
    assertThat(event.getHost().getHostname()).isEqualTo("WS-1175");
    assertThat(event.getHost().getUid()).isEqualTo("2ce412d17b334ad4adc8c1c54dbfec4b");
    assertThat(event.getTactics()).containsExactly("TA0002");
    assertThat(event.getTechniques()).containsExactly("T1203");
    assertThat(event.getSeverity()).isEqualTo(Severity.UNKNOWN);
    assertThat(event.getMetadata().getUnmapped())
        .containsEntry("score", "21")
        .containsKey("threatgraph_indicators")
        .containsKey("mitre_attack");
  }

  @Test
  void shouldKeyACorrelationDetectionByItsFirstUserAndKeepTheOthers() {
    ObjectNode detection =
        FalconAlerts.correlationDetection(
            List.of("Example-User", "other"), List.of("host-desktop-01.example.local"), T);

    Mapping.Mapped mapped = mapped(detection);
    FindingEvent event = (FindingEvent) mapped.value();

    assertThat(mapped.key()).isEqualTo("example-user");
    assertThat(event.getHost().getHostname()).isEqualTo("host-desktop-01.example.local");
    assertThat(event.getFindingType()).isEqualTo("siem_correlation");
    assertThat(event.getMetadata().getUnmapped())
        .containsEntry("user_names", "[\"Example-User\",\"other\"]")
        .containsEntry("source_products", "[\"CorelightNdr\"]")
        .containsEntry("source_vendors", "[\"Corelight\"]");
  }

  @Test
  void shouldKeyACorrelationDetectionWithOnlyHostsByTheHost() {
    Mapping.Mapped mapped =
        mapped(FalconAlerts.correlationDetection(List.of(), List.of("NAS-01"), T));

    assertThat(mapped.key()).isEqualTo("nas-01");
    assertThat(((FindingEvent) mapped.value()).getUser()).isNull();
  }

  @Test
  void shouldKeyAnAlertNamingNeitherUserNorHostByItsAlertId() {
    ObjectNode detection = FalconAlerts.correlationDetection(List.of(), List.of(), T);

    Mapping.Mapped mapped = mapped(detection);
    FindingEvent event = (FindingEvent) mapped.value();

    assertThat(mapped.key()).isEqualTo("9201ab12cd34:ngsiem:9201ab12cd34:0a0b0c0d");
    assertThat(event.getUser()).isNull();
    assertThat(event.getHost()).isNull();
    assertThat(event.getMetadata().getVendorUid())
        .isEqualTo("9201ab12cd34:ngsiem:9201ab12cd34:0a0b0c0d");
  }

  @Test
  void shouldSkipBlankEntriesOfTheListFields() {
    ObjectNode detection =
        FalconAlerts.correlationDetection(List.of(" ", "ann"), List.of("", "WS-9"), T);

    Mapping.Mapped mapped = mapped(detection);

    assertThat(mapped.key()).isEqualTo("ann");
    assertThat(((FindingEvent) mapped.value()).getHost().getHostname()).isEqualTo("WS-9");
  }

  @Test
  void shouldRejectOnlyAnAlertWithNoUserHostOrId() {
    ObjectNode alert = FalconAlerts.sample();
    alert.remove("user_name");
    ((ObjectNode) alert.get("device")).remove("hostname");
    alert.remove("composite_id");
    alert.remove("id");
    ObjectNode withId = FalconAlerts.sample();
    withId.remove("user_name");
    withId.remove("device");

    assertThat(rejection(alert).code()).isEqualTo("missing_field:composite_id");
    assertThat(mapped(withId).key())
        .isEqualTo(FalconAlerts.COMPOSITE_ID.toLowerCase(java.util.Locale.ROOT));
  }
}
