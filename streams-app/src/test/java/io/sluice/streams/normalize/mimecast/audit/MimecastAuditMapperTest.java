package io.sluice.streams.normalize.mimecast.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.schemas.AdminActivityEvent;
import io.sluice.schemas.AuthActivity;
import io.sluice.schemas.AuthStatus;
import io.sluice.schemas.AuthenticationEvent;
import io.sluice.schemas.RawRef;
import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.normalize.Mapping;
import io.sluice.streams.normalize.RawEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MimecastAuditMapperTest {
  private static final Instant INGEST = Instant.parse("2021-10-12T09:00:00Z");
  private final MimecastAuditMapper mapper = new MimecastAuditMapper();

  private Mapping map(ObjectNode json) {
    return mapper.map(
        new RawEvent(
            "0123456789abcdef0123456789abcdef",
            json,
            new RawRef("raw.mimecast.audit", 1, 7L),
            INGEST));
  }

  private Mapping.Mapped mapped(ObjectNode json, CanonicalClass expected) {
    Mapping mapping = map(json);
    assertThat(mapping).isInstanceOf(Mapping.Mapped.class);
    Mapping.Mapped mapped = (Mapping.Mapped) mapping;
    assertThat(mapped.canonicalClass()).isEqualTo(expected);
    return mapped;
  }

  private AuthenticationEvent authentication(ObjectNode json) {
    return (AuthenticationEvent) mapped(json, CanonicalClass.AUTHENTICATION).value();
  }

  private AdminActivityEvent admin(ObjectNode json) {
    return (AdminActivityEvent) mapped(json, CanonicalClass.ADMIN_ACTIVITY).value();
  }

  private String rejection(ObjectNode json) {
    Mapping mapping = map(json);
    assertThat(mapping).isInstanceOf(Mapping.Rejected.class);
    return ((Mapping.Rejected) mapping).reason().code();
  }

  @Test
  void shouldMapFailedLogonToAuthenticationFailureWithEveryFieldFromEventInfo() {
    Mapping.Mapped mapped =
        mapped(
            MimecastAuditEvents.failedLogon(" Ann@Corp.Example "), CanonicalClass.AUTHENTICATION);
    AuthenticationEvent event = (AuthenticationEvent) mapped.value();

    assertThat(mapped.key()).isEqualTo("ann@corp.example");
    assertThat(event.getActivity()).isEqualTo(AuthActivity.LOGON);
    assertThat(event.getStatus()).isEqualTo(AuthStatus.FAILURE);
    assertThat(event.getStatusDetail()).isEqualTo("Wrong password");
    assertThat(event.getStatusCode()).isNull();
    assertThat(event.getUser().getName()).isEqualTo("ann@corp.example");
    assertThat(event.getUser().getEmail()).isEqualTo("ann@corp.example");
    assertThat(event.getUser().getFullName()).isEqualTo("Ann Lee");
    assertThat(event.getUser().getUid()).isNull();
    assertThat(event.getUser().getVip()).isFalse();
    assertThat(event.getSrcIp()).isEqualTo("203.0.113.7");
    assertThat(event.getApp()).isEqualTo("mimecast-moa");
    assertThat(event.getIsMfa()).isNull();
    assertThat(event.getSrcGeo()).isNull();
    assertThat(event.getUserAgent()).isNull();
  }

  @Test
  void shouldFillMetadataNamingTheSourceAndTheVendorId() {
    AuthenticationEvent event = authentication(MimecastAuditEvents.failedLogon("ann@corp.example"));

    assertThat(event.getMetadata().getSource()).isEqualTo("mimecast.audit");
    assertThat(event.getMetadata().getVendor()).isEqualTo("Mimecast");
    assertThat(event.getMetadata().getProduct()).isEqualTo("Mimecast Email Security");
    assertThat(event.getMetadata().getFeed()).isEqualTo("audit");
    assertThat(event.getMetadata().getTime()).isEqualTo(Instant.parse("2021-10-12T08:47:55Z"));
    assertThat(event.getMetadata().getIngestTime()).isEqualTo(INGEST);
    assertThat(event.getMetadata().getEventId()).isEqualTo("0123456789abcdef0123456789abcdef");
    assertThat(event.getMetadata().getVendorUid()).startsWith("eNqrVipOTS4t");
    assertThat(event.getMetadata().getRawRef()).isEqualTo(new RawRef("raw.mimecast.audit", 1, 7L));
  }

  @Test
  void shouldKeepEventInfoCategoryAndMethodOfALogonInUnmapped() {
    AuthenticationEvent event = authentication(MimecastAuditEvents.failedLogon("ann@corp.example"));

    assertThat(event.getMetadata().getUnmapped())
        .containsEntry("category", "authentication_logs")
        .containsEntry("eventInfo", MimecastAuditEvents.FAILED_INFO)
        .containsEntry("eventInfo.Method", "Office 365")
        .doesNotContainKeys("id", "user", "eventTime", "auditType", "eventInfo.2FA");
  }

  @Test
  void shouldMapUserLoggedOnToSuccessWithMfaWhenEventInfoNamesASecondFactor() {
    AuthenticationEvent event =
        authentication(MimecastAuditEvents.successfulLogon("ann@corp.example"));

    assertThat(event.getStatus()).isEqualTo(AuthStatus.SUCCESS);
    assertThat(event.getStatusDetail()).isNull();
    assertThat(event.getSrcIp()).isEqualTo("203.0.113.8");
    assertThat(event.getApp()).isEqualTo("Administration Console");
    assertThat(event.getIsMfa()).isTrue();
    assertThat(event.getMetadata().getUnmapped())
        .containsEntry("eventInfo.Method", "Two Step Auth")
        .containsEntry("eventInfo.2FA", "TOTP");
  }

  @Test
  void shouldMapSuccessfulLogonNamesFromTheIssueToSuccess() {
    for (String type :
        new String[] {"Logon", "Successful Logon", "Logon Authentication Succeeded"}) {
      ObjectNode json = MimecastAuditEvents.successfulLogon("ann@corp.example");
      json.put("auditType", type);

      AuthenticationEvent event = authentication(json);

      assertThat(event.getStatus()).as(type).isEqualTo(AuthStatus.SUCCESS);
      assertThat(event.getMetadata().getUnmapped()).as(type).doesNotContainKey("auditType");
    }
  }

  @Test
  void shouldMapRequiresChallengeToUnknownStatusWithDetailAndIpv6Source() {
    AuthenticationEvent event = authentication(MimecastAuditEvents.challenge("ann@corp.example"));

    assertThat(event.getActivity()).isEqualTo(AuthActivity.LOGON);
    assertThat(event.getStatus()).isEqualTo(AuthStatus.UNKNOWN);
    assertThat(event.getStatusDetail()).isEqualTo("Requires Challenge");
    assertThat(event.getSrcIp()).isEqualTo("2001:db8::7");
    assertThat(event.getIsMfa()).isTrue();
  }

  @Test
  void shouldMatchAuditTypesWhateverTheirCase() {
    ObjectNode json = MimecastAuditEvents.failedLogon("ann@corp.example");
    json.put("auditType", " LOGON authentication FAILED ");

    assertThat(authentication(json).getStatus()).isEqualTo(AuthStatus.FAILURE);
  }

  @Test
  void shouldMapAnUnknownLogonTypeToUnknownStatusAndKeepTheType() {
    ObjectNode json = MimecastAuditEvents.failedLogon("ann@corp.example");
    json.put("auditType", "Logon Quantum Entangled");

    AuthenticationEvent event = authentication(json);

    assertThat(event.getActivity()).isEqualTo(AuthActivity.LOGON);
    assertThat(event.getStatus()).isEqualTo(AuthStatus.UNKNOWN);
    assertThat(event.getStatusDetail()).isEqualTo("Wrong password");
    assertThat(event.getMetadata().getUnmapped())
        .containsEntry("auditType", "Logon Quantum Entangled");
  }

  @Test
  void shouldReadTheGarbledFailedLogonVariantWithoutCommas() {
    ObjectNode json =
        MimecastAuditEvents.event(
            "Logon Authentication Failed",
            "ann@corp.example",
            "Creating the auditLog entry for failed authentication, emailAddress"
                + " :com.example.sdk.address.Address@4a3bcd11[accountCode=ABC123,internal=false,"
                + "emailAddress=ann@corp.example,aliases={}] remote IP : 203.0.113.9 application : LFS",
            "authentication_logs");

    AuthenticationEvent event = authentication(json);

    assertThat(event.getStatus()).isEqualTo(AuthStatus.FAILURE);
    assertThat(event.getSrcIp()).isEqualTo("203.0.113.9");
    assertThat(event.getApp()).isEqualTo("LFS");
    assertThat(event.getStatusDetail()).isNull();
    assertThat(event.getUser().getFullName()).isNull();
  }

  @Test
  void shouldLeaveFieldsNullWhenEventInfoIsGarbledOrMissing() {
    ObjectNode garbled = MimecastAuditEvents.failedLogon("ann@corp.example");
    garbled.put("eventInfo", "IP: not-an-ip.example.com, Application: , Reason:");
    ObjectNode missing = MimecastAuditEvents.failedLogon("ann@corp.example");
    missing.remove("eventInfo");
    ObjectNode wrongType = MimecastAuditEvents.failedLogon("ann@corp.example");
    wrongType.putArray("eventInfo").add("IP: 203.0.113.7");

    for (ObjectNode json : new ObjectNode[] {garbled, missing, wrongType}) {
      AuthenticationEvent event = authentication(json);
      assertThat(event.getStatus()).isEqualTo(AuthStatus.FAILURE);
      assertThat(event.getSrcIp()).isNull();
      assertThat(event.getApp()).isNull();
      assertThat(event.getStatusDetail()).isNull();
      assertThat(event.getIsMfa()).isNull();
    }
    assertThat(authentication(wrongType).getMetadata().getUnmapped())
        .containsEntry("eventInfo", "[\"IP: 203.0.113.7\"]");
  }

  @Test
  void shouldNotTakeAnIpFromADisplayNameBeforeMimecastsOwnIpField() {
    ObjectNode json =
        MimecastAuditEvents.event(
            "Logon Authentication Failed",
            "ann@corp.example",
            "Failed authentication for ann@corp.example <IP: 6.6.6.6>, Date: 2021-10-12,"
                + " Time: 09:47:55 BST, IP: 203.0.113.7, Application: mimecast-moa",
            "authentication_logs");

    assertThat(authentication(json).getSrcIp()).isEqualTo("203.0.113.7");
  }

  @Test
  void shouldMapOptionalFieldsMissing() {
    ObjectNode json = MimecastAuditEvents.failedLogon("ann@corp.example");
    json.remove("id");
    json.remove("category");

    AuthenticationEvent event = authentication(json);

    assertThat(event.getMetadata().getVendorUid()).isNull();
    assertThat(event.getMetadata().getUnmapped()).doesNotContainKey("category");
  }

  @Test
  void shouldStripControlCharactersFromReasonAppAndFullName() {
    ObjectNode json =
        MimecastAuditEvents.event(
            "Logon Authentication Failed",
            "ann@corp.example",
            "Failed authentication for ann@corp.example <Ann\tLee>, IP: 203.0.113.7,"
                + " Application: moa\u0007app, Reason: Wrong\rpassword\n2024 CRITICAL forged",
            "authentication_logs");

    AuthenticationEvent event = authentication(json);

    assertThat(event.getStatusDetail()).isEqualTo("Wrong password 2024 CRITICAL forged");
    assertThat(event.getApp()).isEqualTo("moa app");
    assertThat(event.getUser().getFullName()).isEqualTo("Ann Lee");
  }

  @Test
  void shouldSendOtherAuditTypesToAdminActivityWithTheSourceIp() {
    Mapping.Mapped mapped =
        mapped(MimecastAuditEvents.adminEvent("Ann@Corp.Example"), CanonicalClass.ADMIN_ACTIVITY);
    AdminActivityEvent event = (AdminActivityEvent) mapped.value();

    assertThat(mapped.key()).isEqualTo("ann@corp.example");
    assertThat(event.getUser().getName()).isEqualTo("ann@corp.example");
    assertThat(event.getUser().getEmail()).isEqualTo("ann@corp.example");
    assertThat(event.getActivity()).isEqualTo("Archive Mailbox Restore");
    assertThat(event.getCategory()).isEqualTo("archive_service_logs");
    assertThat(event.getDetail()).startsWith("Archive mailbox restore created.");
    assertThat(event.getSrcIp()).isEqualTo("198.51.100.4");
    assertThat(event.getOutcome()).isNull();
    assertThat(event.getTarget()).isNull();
    assertThat(event.getMetadata().getSource()).isEqualTo("mimecast.audit");
    assertThat(event.getMetadata().getVendorUid()).startsWith("eNqrVipOTS4t");
    assertThat(event.getMetadata().getUnmapped()).isEmpty();
  }

  @Test
  void shouldReadTheSpaceSeparatedActionPerformedVariant() {
    ObjectNode json =
        MimecastAuditEvents.event(
            "Mimecast Support Login",
            "support@corp.example",
            "Action Performed - support@corp.example logged into this account. by"
                + " support@corp.example<support@corp.example> Date: 2021-10-11 Time: 16:39:17"
                + " +0100 IP: 198.51.100.5 Application: Administration Console",
            "mimecast_access_logs");

    AdminActivityEvent event = admin(json);

    assertThat(event.getActivity()).isEqualTo("Mimecast Support Login");
    assertThat(event.getSrcIp()).isEqualTo("198.51.100.5");
  }

  @Test
  void shouldReadRemoteIpIsAndIgnoreRemoteIpIsNull() {
    ObjectNode withIp =
        MimecastAuditEvents.event(
            "User Logged On",
            "ann@corp.example",
            "Succesfully enrolled user for user device enrollment, Remote IP is 203.0.113.10",
            "authentication_logs");
    ObjectNode withNull =
        MimecastAuditEvents.event(
            "User Password Changed",
            "ann@corp.example",
            "Password reset for user: ann@corp.example User Password Changed, Remote IP is null",
            "user_account_and_role_logs");

    assertThat(authentication(withIp).getSrcIp()).isEqualTo("203.0.113.10");
    assertThat(admin(withNull).getSrcIp()).isNull();
  }

  @Test
  void shouldMapAutomatedAdminEventsWithoutAUserUnderANullKey() {
    Mapping.Mapped mapped =
        mapped(MimecastAuditEvents.directorySync(), CanonicalClass.ADMIN_ACTIVITY);
    AdminActivityEvent event = (AdminActivityEvent) mapped.value();

    assertThat(mapped.key()).isNull();
    assertThat(event.getUser().getName()).isNull();
    assertThat(event.getUser().getEmail()).isNull();
    assertThat(event.getActivity()).isEqualTo("Completed Directory Sync");
    assertThat(event.getDetail()).isEqualTo("No changes found.");
    assertThat(event.getSrcIp()).isNull();
  }

  @Test
  void shouldStripControlCharactersFromAdminDetailAndKeepAnOverlongEventInfoWhole() {
    ObjectNode forged = MimecastAuditEvents.adminEvent("ann@corp.example");
    forged.put("eventInfo", "Deleted folder\r\n2024-01-01 CRITICAL forged line");
    forged.put("auditType", "Folder\nLog Entry");
    ObjectNode overlong = MimecastAuditEvents.adminEvent("ann@corp.example");
    String text = "Executed Search - Search Criteria: " + "x".repeat(600);
    overlong.put("eventInfo", text);

    AdminActivityEvent event = admin(forged);

    assertThat(event.getDetail()).isEqualTo("Deleted folder  2024-01-01 CRITICAL forged line");
    assertThat(event.getActivity()).isEqualTo("Folder Log Entry");
    assertThat(admin(overlong).getDetail()).hasSize(512);
    assertThat(admin(overlong).getMetadata().getUnmapped()).containsEntry("eventInfo", text);
  }

  @Test
  void shouldRejectRecordWithoutEventTime() {
    ObjectNode json = MimecastAuditEvents.failedLogon("ann@corp.example");
    json.remove("eventTime");

    assertThat(rejection(json)).isEqualTo("missing_field:eventTime");
  }

  @Test
  void shouldRejectRecordWithUnreadableEventTime() {
    ObjectNode json = MimecastAuditEvents.failedLogon("ann@corp.example");
    json.put("eventTime", "12/10/2021 08:47");

    assertThat(rejection(json)).isEqualTo("bad_time");
  }

  @Test
  void shouldRejectRecordWithoutAuditType() {
    ObjectNode missing = MimecastAuditEvents.failedLogon("ann@corp.example");
    missing.remove("auditType");
    ObjectNode blank = MimecastAuditEvents.failedLogon("ann@corp.example");
    blank.put("auditType", "   ");

    assertThat(rejection(missing)).isEqualTo("missing_field:auditType");
    assertThat(rejection(blank)).isEqualTo("missing_field:auditType");
  }

  @Test
  void shouldRejectALogonWithoutAUser() {
    ObjectNode missing = MimecastAuditEvents.failedLogon("ann@corp.example");
    missing.remove("user");
    ObjectNode empty = MimecastAuditEvents.failedLogon("");

    assertThat(rejection(missing)).isEqualTo("missing_field:user");
    assertThat(rejection(empty)).isEqualTo("missing_field:user");
  }
}
