package io.sluice.streams.normalize.entra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.schemas.AuthActivity;
import io.sluice.schemas.AuthStatus;
import io.sluice.schemas.AuthenticationEvent;
import io.sluice.schemas.RawRef;
import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.normalize.DlqReason;
import io.sluice.streams.normalize.Mapping;
import io.sluice.streams.normalize.RawEvent;
import io.sluice.streams.normalize.Unwrap;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EntraSignInMapperTest {
  private static final Instant T = Instant.parse("2024-05-02T19:15:41.619Z");
  private static final Instant INGEST = Instant.parse("2024-05-02T19:20:00Z");
  private final EntraSignInMapper mapper = new EntraSignInMapper();

  private Mapping map(ObjectNode json) {
    return mapper.map(
        new RawEvent(
            "0123456789abcdef0123456789abcdef",
            json,
            new RawRef("raw.entra.signins", 1, 7L),
            INGEST));
  }

  private Mapping.Mapped mapped(ObjectNode json) {
    Mapping mapping = map(json);
    assertThat(mapping).isInstanceOf(Mapping.Mapped.class);
    return (Mapping.Mapped) mapping;
  }

  private AuthenticationEvent authentication(ObjectNode json) {
    Mapping.Mapped mapped = mapped(json);
    assertThat(mapped.canonicalClass()).isEqualTo(CanonicalClass.AUTHENTICATION);
    return (AuthenticationEvent) mapped.value();
  }

  private DlqReason rejection(ObjectNode json) {
    Mapping mapping = map(json);
    assertThat(mapping).isInstanceOf(Mapping.Rejected.class);
    return ((Mapping.Rejected) mapping).reason();
  }

  @Test
  void shouldMapTheDocumentedSampleWithSevenFractionalDigits() {
    Mapping.Mapped mapped = mapped(EntraSignIns.sample());
    AuthenticationEvent event = (AuthenticationEvent) mapped.value();

    assertThat(mapped.key()).isEqualTo("ann@corp.example");
    assertThat(event.getMetadata().getTime()).isEqualTo(Instant.parse("2024-05-02T19:15:41.619Z"));
    assertThat(event.getActivity()).isEqualTo(AuthActivity.LOGON);
    assertThat(event.getStatus()).isEqualTo(AuthStatus.FAILURE);
    assertThat(event.getStatusCode()).isEqualTo("50126");
    assertThat(event.getStatusDetail()).isEqualTo("Invalid username or password");
    assertThat(event.getUser().getName()).isEqualTo("ann@corp.example");
    assertThat(event.getUser().getEmail()).isEqualTo("ann@corp.example");
    assertThat(event.getUser().getUid()).isEqualTo("26be570a-ae82-4189-b4e2-a37c6808512d");
    assertThat(event.getUser().getFullName()).isEqualTo("Ann Lee");
    assertThat(event.getUser().getVip()).isFalse();
    assertThat(event.getSrcIp()).isEqualTo("203.0.113.20");
    assertThat(event.getSrcGeo().getCity()).isEqualTo("Bucharest");
    assertThat(event.getSrcGeo().getRegion()).isEqualTo("Bucuresti");
    assertThat(event.getSrcGeo().getCountry()).isEqualTo("RO");
    assertThat(event.getSrcGeo().getLat()).isEqualTo(44.43);
    assertThat(event.getSrcGeo().getLon()).isEqualTo(26.1);
    assertThat(event.getApp()).isEqualTo("Office 365 Exchange Online");
    assertThat(event.getUserAgent()).isNull();
    assertThat(event.getIsMfa()).isNull();
  }

  @Test
  void shouldFillMetadataNamingTheSourceAndPointingBackToTheRawRecord() {
    AuthenticationEvent event = authentication(EntraSignIns.sample());

    assertThat(event.getMetadata().getSource()).isEqualTo("entra.signins");
    assertThat(event.getMetadata().getVendor()).isEqualTo("Microsoft");
    assertThat(event.getMetadata().getProduct()).isEqualTo("Microsoft Entra ID");
    assertThat(event.getMetadata().getFeed()).isEqualTo("signins");
    assertThat(event.getMetadata().getEventId()).isEqualTo("0123456789abcdef0123456789abcdef");
    assertThat(event.getMetadata().getIngestTime()).isEqualTo(INGEST);
    assertThat(event.getMetadata().getVendorUid())
        .isEqualTo("66ea54eb-6301-4ee5-be62-ff5a759b0100");
    assertThat(event.getMetadata().getRawRef()).isEqualTo(new RawRef("raw.entra.signins", 1, 7L));
  }

  @Test
  void shouldKeepRiskConditionalAccessAndDeviceFieldsInUnmapped() {
    AuthenticationEvent event = authentication(EntraSignIns.sample());

    assertThat(event.getMetadata().getUnmapped())
        .containsEntry("riskLevelDuringSignIn", "none")
        .containsEntry("riskState", "none")
        .containsEntry("conditionalAccessStatus", "notApplied")
        .containsEntry("clientAppUsed", "Browser")
        .containsEntry("correlationId", "d79f5bee-5860-4832-928f-3133e22ae912")
        .containsEntry("resourceDisplayName", "Office 365 Exchange Online")
        .containsEntry("isInteractive", "true")
        .containsEntry("status.failureReason", "Invalid username or password")
        .containsKeys("deviceDetail", "appId", "appliedConditionalAccessPolicies")
        .doesNotContainKeys(
            "id",
            "createdDateTime",
            "userPrincipalName",
            "userId",
            "status",
            "status.errorCode",
            "location",
            "ipAddress");
  }

  @Test
  void shouldLowerCaseTheUserPrincipalNameForTheKey() {
    Mapping.Mapped mapped = mapped(EntraSignIns.failedSignIn("  Ann.Lee@Corp.Example ", T));

    assertThat(mapped.key()).isEqualTo("ann.lee@corp.example");
    assertThat(((AuthenticationEvent) mapped.value()).getUser().getName())
        .isEqualTo("ann.lee@corp.example");
  }

  @Test
  void shouldMapErrorCodeZeroToSuccessWithoutDetail() {
    AuthenticationEvent event =
        authentication(EntraSignIns.successfulSignIn("ann@corp.example", T));

    assertThat(event.getStatus()).isEqualTo(AuthStatus.SUCCESS);
    assertThat(event.getStatusCode()).isEqualTo("0");
    assertThat(event.getStatusDetail()).isNull();
    assertThat(event.getMetadata().getUnmapped())
        .doesNotContainKeys("status.errorCode", "status.failureReason");
  }

  @ParameterizedTest(name = "AADSTS{0} is {1}")
  @CsvSource({
    "50126, FAILURE, Invalid username or password",
    "50053, FAILURE, Account locked (smart lockout) or sign-in blocked from a malicious IP",
    "50057, FAILURE, User account is disabled",
    "50055, FAILURE, Password is expired",
    "50144, FAILURE, On-premises Active Directory password is expired",
    "50056, FAILURE, Invalid or null password",
    "50064, FAILURE, Credential validation on username or password failed",
    "50034, FAILURE, User account not found in the directory",
    "51004, FAILURE, User account not in the directory",
    "50020, FAILURE, User from an external identity provider does not exist in the tenant",
    "50074, FAILURE, Strong authentication (MFA) required; the MFA challenge was not passed",
    "50076, FAILURE, Strong authentication (MFA) required",
    "50079, FAILURE, MFA registration required",
    "500121, FAILURE, Authentication failed during strong authentication (MFA) request",
    "50158, FAILURE, External security challenge was not satisfied",
    "53003, FAILURE, Blocked by Conditional Access",
    "53000, FAILURE, Conditional Access requires a compliant device",
    "53001, FAILURE, Conditional Access requires a domain-joined device",
    "50131, FAILURE, Conditional Access failed",
    "530032, FAILURE, Blocked by a tenant security policy",
    "50105, FAILURE, User is not assigned to a role for the application",
    "50173, FAILURE, Grant revoked; a fresh sign-in is needed",
    "50133, FAILURE, Session invalid due to password expiration or recent password change",
    "70043, FAILURE, Session expired or invalid due to Conditional Access sign-in frequency",
    "70044, FAILURE, Session expired or invalid due to Conditional Access sign-in frequency",
    "700016, FAILURE, Application not found in the directory",
    "90094, FAILURE, Administrator consent is required",
    "50140, UNKNOWN, Keep me signed in interrupt",
    "50125, UNKNOWN, Sign-in interrupted by password reset or password registration",
    "50072, UNKNOWN, User must enroll for second factor authentication (interrupt)",
    "50199, UNKNOWN, User confirmation required (CMSI interrupt)"
  })
  void shouldMapEveryCodeOfTheTable(long code, AuthStatus status, String description) {
    AuthenticationEvent event =
        authentication(EntraSignIns.signInWithCode(code, "Graph's own wording"));

    assertThat(event.getStatus()).isEqualTo(status);
    assertThat(event.getStatusCode()).isEqualTo(Long.toString(code));
    assertThat(event.getStatusDetail()).isEqualTo(description);
    assertThat(event.getMetadata().getUnmapped())
        .doesNotContainKey("status.errorCode")
        .containsEntry("status.failureReason", "Graph's own wording");
  }

  @Test
  void shouldNotGuessAnUnknownCodeAndKeepItWithGraphsReason() {
    // 50127 (broker app not installed) sits between table codes: no numeric range decides it
    AuthenticationEvent event =
        authentication(EntraSignIns.signInWithCode(50127, "User needs to install a broker app"));

    assertThat(event.getStatus()).isEqualTo(AuthStatus.UNKNOWN);
    assertThat(event.getStatusCode()).isEqualTo("50127");
    assertThat(event.getStatusDetail()).isEqualTo("User needs to install a broker app");
    assertThat(event.getMetadata().getUnmapped())
        .containsEntry("status.errorCode", "50127")
        .doesNotContainKey("status.failureReason");
  }

  @Test
  void shouldReadAnErrorCodeSentAsText() {
    ObjectNode event = EntraSignIns.sample();
    ((ObjectNode) event.get("status")).put("errorCode", "53003");

    assertThat(authentication(event).getStatus()).isEqualTo(AuthStatus.FAILURE);
    assertThat(authentication(event).getStatusCode()).isEqualTo("53003");
  }

  @Test
  void shouldKeepAnErrorCodeThatIsNotANumberAsUnknown() {
    ObjectNode event = EntraSignIns.sample();
    ((ObjectNode) event.get("status")).put("errorCode", "AADSTS50126");

    AuthenticationEvent mapped = authentication(event);

    assertThat(mapped.getStatus()).isEqualTo(AuthStatus.UNKNOWN);
    assertThat(mapped.getMetadata().getUnmapped()).containsEntry("status.errorCode", "AADSTS50126");
  }

  @Test
  void shouldMapAMissingStatusToUnknown() {
    ObjectNode event = EntraSignIns.sample();
    event.remove("status");

    AuthenticationEvent mapped = authentication(event);

    assertThat(mapped.getStatus()).isEqualTo(AuthStatus.UNKNOWN);
    assertThat(mapped.getStatusCode()).isNull();
    assertThat(mapped.getStatusDetail()).isNull();
  }

  @Test
  void shouldKeepAStatusOfTheWrongTypeInUnmapped() {
    ObjectNode event = EntraSignIns.sample();
    event.put("status", "failed");

    AuthenticationEvent mapped = authentication(event);

    assertThat(mapped.getStatus()).isEqualTo(AuthStatus.UNKNOWN);
    assertThat(mapped.getMetadata().getUnmapped()).containsEntry("status", "failed");
  }

  @Test
  void shouldKeepAdditionalDetailsOfTheStatus() {
    ObjectNode event = EntraSignIns.signInWithCode(50053, "Account is locked");
    ((ObjectNode) event.get("status"))
        .put("additionalDetails", "Sign-in was blocked by smart lockout");

    assertThat(authentication(event).getMetadata().getUnmapped())
        .containsEntry("status.additionalDetails", "Sign-in was blocked by smart lockout");
  }

  @Test
  void shouldMapAuthenticationRequirementToIsMfa() {
    ObjectNode multi = EntraSignIns.sample();
    multi.put("authenticationRequirement", "multiFactorAuthentication");
    ObjectNode single = EntraSignIns.sample();
    single.put("authenticationRequirement", "singleFactorAuthentication");

    assertThat(authentication(multi).getIsMfa()).isTrue();
    assertThat(authentication(single).getIsMfa()).isFalse();
    assertThat(authentication(multi).getMetadata().getUnmapped())
        .doesNotContainKey("authenticationRequirement");
  }

  @Test
  void shouldNotGuessAnUnknownAuthenticationRequirement() {
    ObjectNode event = EntraSignIns.sample();
    event.put("authenticationRequirement", "passkeyOnly");

    AuthenticationEvent mapped = authentication(event);

    assertThat(mapped.getIsMfa()).isNull();
    assertThat(mapped.getMetadata().getUnmapped())
        .containsEntry("authenticationRequirement", "passkeyOnly");
  }

  @Test
  void shouldUseTheUserAgentWhenGraphSendsOne() {
    ObjectNode event = EntraSignIns.sample();
    event.put("userAgent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edge/120.0");

    assertThat(authentication(event).getUserAgent())
        .isEqualTo("Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edge/120.0");
  }

  @Test
  void shouldStripControlCharactersFromFreeText() {
    ObjectNode event = EntraSignIns.signInWithCode(50127, "bad\r\n2024 CRITICAL forged");
    event.put("userAgent", "evil\r\nagent");
    event.put("userDisplayName", "Ann\tLee");
    event.put("appDisplayName", "Portal\u0000");

    AuthenticationEvent mapped = authentication(event);

    assertThat(mapped.getStatusDetail()).isEqualTo("bad  2024 CRITICAL forged");
    assertThat(mapped.getUserAgent()).isEqualTo("evil  agent");
    assertThat(mapped.getUser().getFullName()).isEqualTo("Ann Lee");
    assertThat(mapped.getApp()).isEqualTo("Portal ");
  }

  @Test
  void shouldMapWithOptionalFieldsMissing() {
    ObjectNode event = EntraSignIns.sample();
    event.remove("id");
    event.remove("userId");
    event.remove("userDisplayName");
    event.remove("ipAddress");
    event.remove("location");
    event.remove("appDisplayName");

    AuthenticationEvent mapped = authentication(event);

    assertThat(mapped.getMetadata().getVendorUid()).isNull();
    assertThat(mapped.getUser().getUid()).isNull();
    assertThat(mapped.getUser().getFullName()).isNull();
    assertThat(mapped.getSrcIp()).isNull();
    assertThat(mapped.getSrcGeo()).isNull();
    assertThat(mapped.getApp()).isNull();
    assertThat(mapped.getStatus()).isEqualTo(AuthStatus.FAILURE);
  }

  @Test
  void shouldLeaveGeoOutWhenTheLocationIsEmpty() {
    ObjectNode event = EntraSignIns.sample();
    ObjectNode location = event.putObject("location");
    location.putNull("city");
    location.putObject("geoCoordinates").putNull("latitude");

    assertThat(authentication(event).getSrcGeo()).isNull();
  }

  @Test
  void shouldNotTreatAUserIdWithoutAnAtSignAsAnEmail() {
    AuthenticationEvent event = authentication(EntraSignIns.failedSignIn("ANN", T));

    assertThat(event.getUser().getName()).isEqualTo("ann");
    assertThat(event.getUser().getEmail()).isNull();
  }

  @Test
  void shouldRejectARecordWithoutCreatedDateTime() {
    ObjectNode event = EntraSignIns.sample();
    event.remove("createdDateTime");

    assertThat(rejection(event)).isEqualTo(DlqReason.missingField("createdDateTime"));
  }

  @Test
  void shouldRejectAnUnreadableCreatedDateTime() {
    ObjectNode event = EntraSignIns.sample();
    event.put("createdDateTime", "02/05/2024 19:15");

    assertThat(rejection(event).code()).isEqualTo("bad_time");
  }

  @Test
  void shouldRejectARecordWithoutUserPrincipalName() {
    ObjectNode missing = EntraSignIns.sample();
    missing.remove("userPrincipalName");
    ObjectNode blank = EntraSignIns.sample();
    blank.put("userPrincipalName", "   ");
    ObjectNode wrongType = EntraSignIns.sample();
    wrongType.putObject("userPrincipalName");

    assertThat(rejection(missing).code()).isEqualTo("missing_field:userPrincipalName");
    assertThat(rejection(blank).code()).isEqualTo("missing_field:userPrincipalName");
    assertThat(rejection(wrongType).code()).isEqualTo("missing_field:userPrincipalName");
  }

  // --- Azure Monitor diagnostic records (Event Hubs) ---

  @Test
  void shouldMapADiagnosticRecordThroughItsProperties() {
    ObjectNode record = EntraSignIns.diagnosticRecord("Ann@Corp.Example", T);

    Mapping.Mapped mapped = mapped(record);
    AuthenticationEvent event = (AuthenticationEvent) mapped.value();

    assertThat(mapped.key()).isEqualTo("ann@corp.example");
    assertThat(event.getMetadata().getTime()).isEqualTo(T);
    assertThat(event.getMetadata().getVendorUid()).isEqualTo(record.at("/properties/id").asText());
    assertThat(event.getStatus()).isEqualTo(AuthStatus.FAILURE);
    assertThat(event.getStatusCode()).isEqualTo("50126");
    assertThat(event.getSrcIp()).isEqualTo("203.0.113.20");
    assertThat(event.getSrcGeo().getCity()).isEqualTo("Bucharest");
    assertThat(event.getApp()).isEqualTo("Office 365 Exchange Online");
    assertThat(event.getMetadata().getUnmapped())
        .containsEntry("diagnostic.category", "SignInLogs")
        .containsEntry("diagnostic.operationName", "Sign-in activity")
        .containsEntry("diagnostic.tenantId", "3f5c1a2e-7d4b-4c1e-9a8f-0b1c2d3e4f50")
        .containsEntry("diagnostic.resultType", "50126")
        .containsEntry("diagnostic.identity", "Ann Lee")
        .containsEntry("clientAppUsed", "Browser")
        .doesNotContainKey("properties")
        .doesNotContainKey("diagnostic.properties");
  }

  @Test
  void shouldFallBackToTheEnvelopeForTimeCodeAndAddressTheSignInLacks() {
    ObjectNode record = EntraSignIns.diagnosticRecord("ann@corp.example", T);
    ObjectNode signIn = (ObjectNode) record.get("properties");
    signIn.remove("createdDateTime");
    signIn.remove("status");
    signIn.remove("ipAddress");
    record.put("time", "2024-05-02T19:15:42.000Z");
    record.put("resultType", "0");
    record.put("callerIpAddress", "198.51.100.9");

    AuthenticationEvent event = authentication(record);

    assertThat(event.getMetadata().getTime()).isEqualTo(Instant.parse("2024-05-02T19:15:42Z"));
    assertThat(event.getStatus()).isEqualTo(AuthStatus.SUCCESS);
    assertThat(event.getStatusCode()).isEqualTo("0");
    assertThat(event.getSrcIp()).isEqualTo("198.51.100.9");
    assertThat(event.getMetadata().getUnmapped())
        .doesNotContainKeys(
            "diagnostic.time", "diagnostic.resultType", "diagnostic.callerIpAddress");
  }

  @Test
  void shouldPreferTheSignInsOwnValuesOverTheEnvelopes() {
    ObjectNode record = EntraSignIns.diagnosticRecord("ann@corp.example", T);
    record.put("time", "2024-05-02T19:16:00Z"); // when Azure Monitor logged it, later
    record.put("resultType", "0");
    record.put("callerIpAddress", "198.51.100.9");

    AuthenticationEvent event = authentication(record);

    assertThat(event.getMetadata().getTime()).isEqualTo(T);
    assertThat(event.getStatus()).isEqualTo(AuthStatus.FAILURE);
    assertThat(event.getSrcIp()).isEqualTo("203.0.113.20");
    assertThat(event.getMetadata().getUnmapped())
        .containsEntry("diagnostic.time", "2024-05-02T19:16:00Z")
        .containsEntry("diagnostic.callerIpAddress", "198.51.100.9");
  }

  @Test
  void shouldKeepAnUnknownResultTypeUnderItsDiagnosticName() {
    ObjectNode record = EntraSignIns.diagnosticRecord("ann@corp.example", T);
    ((ObjectNode) record.get("properties")).remove("status");
    record.put("resultType", "9999999");

    AuthenticationEvent event = authentication(record);

    assertThat(event.getStatus()).isEqualTo(AuthStatus.UNKNOWN);
    assertThat(event.getMetadata().getUnmapped()).containsEntry("diagnostic.resultType", "9999999");
  }

  @Test
  void shouldRejectADiagnosticRecordWithNoTimeAnywhere() {
    ObjectNode record = EntraSignIns.diagnosticRecord("ann@corp.example", T);
    ((ObjectNode) record.get("properties")).remove("createdDateTime");
    record.remove("time");

    assertThat(rejection(record)).isEqualTo(DlqReason.missingField("createdDateTime"));
  }

  @Test
  void shouldMapAServicePrincipalSignInWithoutInventingAUserName() {
    ObjectNode record = EntraSignIns.diagnosticRecord("ann@corp.example", T);
    record.put("category", "ServicePrincipalSignInLogs");
    ObjectNode signIn = (ObjectNode) record.get("properties");
    signIn.remove("userPrincipalName");
    signIn.remove("userDisplayName");
    signIn.remove("userId");
    signIn.put("servicePrincipalId", "5b9a2f8c-1c2d-4e5f-8a9b-0c1d2e3f4a5b");
    signIn.put("servicePrincipalName", "Payroll export");

    Mapping.Mapped mapped = mapped(record);
    AuthenticationEvent event = (AuthenticationEvent) mapped.value();

    assertThat(mapped.key()).isNull();
    assertThat(event.getUser().getName()).isNull();
    assertThat(event.getUser().getUid()).isEqualTo("5b9a2f8c-1c2d-4e5f-8a9b-0c1d2e3f4a5b");
    assertThat(event.getUser().getFullName()).isEqualTo("Payroll export");
    assertThat(event.getMetadata().getUnmapped())
        .containsEntry("diagnostic.category", "ServicePrincipalSignInLogs");
  }

  @Test
  void shouldUnwrapAnEventHubsMessageIntoItsRecords() {
    ObjectNode ann = EntraSignIns.diagnosticRecord("ann@corp.example", T);
    ObjectNode bob = EntraSignIns.diagnosticRecord("bob@corp.example", T);

    Unwrap unwrap = mapper.unwrap(EntraSignIns.eventHubsMessage(ann, bob));

    assertThat(unwrap).isInstanceOf(Unwrap.Elements.class);
    assertThat(((Unwrap.Elements) unwrap).events()).containsExactly(ann, bob);
  }

  @Test
  void shouldReadAGraphSignInAndASingleDiagnosticRecordAsOneEvent() {
    assertThat(mapper.unwrap(EntraSignIns.sample())).isInstanceOf(Unwrap.Single.class);
    assertThat(mapper.unwrap(EntraSignIns.diagnosticRecord("ann@corp.example", T)))
        .isInstanceOf(Unwrap.Single.class);
  }

  @Test
  void shouldRejectAnEnvelopeWithNoRecordsToMap() {
    ObjectNode empty = EntraSignIns.eventHubsMessage();
    ObjectNode notArray = EntraSignIns.eventHubsMessage();
    notArray.put("records", "x");

    assertThat(((Unwrap.Rejected) mapper.unwrap(empty)).reason().code()).isEqualTo("unknown_shape");
    assertThat(((Unwrap.Rejected) mapper.unwrap(notArray)).reason().detail())
        .contains("not an array");
  }
}
