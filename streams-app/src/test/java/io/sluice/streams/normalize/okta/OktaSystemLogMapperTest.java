package io.sluice.streams.normalize.okta;

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
import io.sluice.streams.testing.OktaEvents;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OktaSystemLogMapperTest {
  private static final Instant T = Instant.parse("2024-05-02T20:18:57.718Z");
  private final OktaSystemLogMapper mapper = new OktaSystemLogMapper();

  private Mapping map(ObjectNode json) {
    return mapper.map(
        new RawEvent(
            "0123456789abcdef0123456789abcdef",
            json,
            new RawRef("raw.okta.system-log", 2, 41L),
            T));
  }

  private AuthenticationEvent authentication(ObjectNode json) {
    Mapping mapping = map(json);
    assertThat(mapping).isInstanceOf(Mapping.Mapped.class);
    Mapping.Mapped mapped = (Mapping.Mapped) mapping;
    assertThat(mapped.canonicalClass()).isEqualTo(CanonicalClass.AUTHENTICATION);
    return (AuthenticationEvent) mapped.value();
  }

  @Test
  void shouldMapFailedLoginWithReasonToAuthenticationFailure() {
    AuthenticationEvent event = authentication(OktaEvents.failedLogin("Ann@Corp.Example", T));

    assertThat(event.getActivity()).isEqualTo(AuthActivity.LOGON);
    assertThat(event.getStatus()).isEqualTo(AuthStatus.FAILURE);
    assertThat(event.getStatusDetail()).isEqualTo("INVALID_CREDENTIALS");
    assertThat(event.getUser().getName()).isEqualTo("ann@corp.example");
    assertThat(event.getUser().getEmail()).isEqualTo("ann@corp.example");
    assertThat(event.getUser().getUid()).isEqualTo("00u1abvz4pYqdM8ms4x6");
    assertThat(event.getUser().getFullName()).isEqualTo("Ann Lee");
    assertThat(event.getSrcIp()).isEqualTo("198.51.100.77");
    assertThat(event.getSrcGeo().getCity()).isEqualTo("Dublin");
    assertThat(event.getSrcGeo().getLat()).isEqualTo(37.72);
    assertThat(event.getUserAgent()).isEqualTo("Mozilla/5.0 (Macintosh)");
  }

  @Test
  void shouldFillMetadataNamingTheSourceAndPointingBackToTheRawRecord() {
    AuthenticationEvent event = authentication(OktaEvents.failedLogin("ann@corp.example", T));

    assertThat(event.getMetadata().getSource()).isEqualTo("okta.system-log");
    assertThat(event.getMetadata().getVendor()).isEqualTo("Okta");
    assertThat(event.getMetadata().getFeed()).isEqualTo("system-log");
    assertThat(event.getMetadata().getTime()).isEqualTo(T);
    assertThat(event.getMetadata().getEventId()).isEqualTo("0123456789abcdef0123456789abcdef");
    assertThat(event.getMetadata().getVendorUid()).isNotBlank();
    assertThat(event.getMetadata().getRawRef())
        .isEqualTo(new RawRef("raw.okta.system-log", 2, 41L));
  }

  @Test
  void shouldKeepVendorFieldsWithNoCanonicalHomeInUnmapped() {
    AuthenticationEvent event = authentication(OktaEvents.failedLogin("ann@corp.example", T));

    assertThat(event.getMetadata().getUnmapped())
        .containsEntry("legacyEventType", "core.user_auth.login_failed")
        .containsEntry("displayMessage", "User login to Okta")
        .containsKeys("debugContext", "transaction", "securityContext", "request")
        .doesNotContainKeys("published", "actor", "outcome", "uuid", "target");
  }

  @Test
  void shouldMapSuccessfulLogin() {
    AuthenticationEvent event = authentication(OktaEvents.successfulLogin("ann@corp.example", T));

    assertThat(event.getStatus()).isEqualTo(AuthStatus.SUCCESS);
    assertThat(event.getStatusDetail()).isNull();
  }

  @Test
  void shouldMapMfaVerificationAsMfaActivity() {
    AuthenticationEvent event = authentication(OktaEvents.mfaVerify("ann@corp.example", T));

    assertThat(event.getActivity()).isEqualTo(AuthActivity.MFA);
    assertThat(event.getIsMfa()).isTrue();
    assertThat(event.getStatus()).isEqualTo(AuthStatus.SUCCESS);
  }

  @Test
  void shouldMapDenyAsFailureAndChallengeAsNeither() {
    ObjectNode deny = OktaEvents.failedLogin("ann@corp.example", T);
    ((ObjectNode) deny.get("outcome")).put("result", "DENY");
    ObjectNode challenge = OktaEvents.failedLogin("ann@corp.example", T);
    ((ObjectNode) challenge.get("outcome")).put("result", "CHALLENGE");

    assertThat(authentication(deny).getStatus()).isEqualTo(AuthStatus.FAILURE);
    assertThat(authentication(challenge).getStatus()).isEqualTo(AuthStatus.UNKNOWN);
    assertThat(authentication(challenge).getMetadata().getUnmapped())
        .doesNotContainKey("outcome.result");
  }

  @Test
  void shouldMapAnUnknownOutcomeToUnknownAndKeepTheValue() {
    ObjectNode event = OktaEvents.failedLogin("ann@corp.example", T);
    ((ObjectNode) event.get("outcome")).put("result", "QUANTUM");

    AuthenticationEvent mapped = authentication(event);

    assertThat(mapped.getStatus()).isEqualTo(AuthStatus.UNKNOWN);
    assertThat(mapped.getMetadata().getUnmapped()).containsEntry("outcome.result", "QUANTUM");
  }

  @Test
  void shouldMapWithOptionalFieldsMissing() {
    ObjectNode event = OktaEvents.failedLogin("ann@corp.example", T);
    event.remove("client");
    event.remove("request"); // else the address comes from request.ipChain
    event.remove("uuid");
    ((ObjectNode) event.get("outcome")).remove("reason");
    ((ObjectNode) event.get("actor")).remove("displayName");

    AuthenticationEvent mapped = authentication(event);

    assertThat(mapped.getSrcIp()).isNull();
    assertThat(mapped.getSrcGeo()).isNull();
    assertThat(mapped.getUserAgent()).isNull();
    assertThat(mapped.getStatusDetail()).isNull();
    assertThat(mapped.getUser().getFullName()).isNull();
    assertThat(mapped.getMetadata().getVendorUid()).isNull();
    assertThat(mapped.getStatus()).isEqualTo(AuthStatus.FAILURE);
  }

  @Test
  void shouldStripControlCharactersFromUserAgent() {
    ObjectNode event = OktaEvents.failedLogin("ann@corp.example", T);
    ((ObjectNode) event.at("/client/userAgent"))
        .put("rawUserAgent", "evil\r\n2024 CRITICAL forged");

    assertThat(authentication(event).getUserAgent()).isEqualTo("evil  2024 CRITICAL forged");
  }

  @Test
  void shouldSendNonAuthenticationEventsToAdminActivity() {
    Mapping mapping = map(OktaEvents.adminEvent("admin@corp.example", T));

    assertThat(mapping).isInstanceOf(Mapping.Mapped.class);
    Mapping.Mapped mapped = (Mapping.Mapped) mapping;
    assertThat(mapped.canonicalClass()).isEqualTo(CanonicalClass.ADMIN_ACTIVITY);
    AdminActivityEvent admin = (AdminActivityEvent) mapped.value();
    assertThat(admin.getActivity()).isEqualTo("user.lifecycle.create");
    assertThat(admin.getCategory()).isEqualTo("user.lifecycle");
    assertThat(admin.getDetail()).isEqualTo("Create Okta user");
  }

  @Test
  void shouldRejectRecordWithoutPublished() {
    ObjectNode event = OktaEvents.failedLogin("ann@corp.example", T);
    event.remove("published");

    assertThat(map(event))
        .isEqualTo(
            Mapping.rejected(io.sluice.streams.normalize.DlqReason.missingField("published")));
  }

  @Test
  void shouldRejectRecordWithUnreadablePublished() {
    ObjectNode event = OktaEvents.failedLogin("ann@corp.example", T);
    event.put("published", "yesterday at noon");

    Mapping mapping = map(event);

    assertThat(mapping).isInstanceOf(Mapping.Rejected.class);
    assertThat(((Mapping.Rejected) mapping).reason().code()).isEqualTo("bad_time");
  }

  @Test
  void shouldRejectRecordWithoutActorOrLogin() {
    ObjectNode noActor = OktaEvents.failedLogin("ann@corp.example", T);
    noActor.remove("actor");
    ObjectNode noLogin = OktaEvents.failedLogin("ann@corp.example", T);
    ((ObjectNode) noLogin.get("actor")).remove("alternateId");
    ObjectNode actorNotObject = OktaEvents.failedLogin("ann@corp.example", T);
    actorNotObject.put("actor", "ann");

    assertThat(((Mapping.Rejected) map(noActor)).reason().code()).isEqualTo("missing_field:actor");
    assertThat(((Mapping.Rejected) map(noLogin)).reason().code())
        .isEqualTo("missing_field:actor.alternateId");
    assertThat(((Mapping.Rejected) map(actorNotObject)).reason().code())
        .isEqualTo("missing_field:actor");
  }

  @Test
  void shouldRejectRecordWithoutEventType() {
    ObjectNode event = OktaEvents.failedLogin("ann@corp.example", T);
    event.remove("eventType");

    assertThat(((Mapping.Rejected) map(event)).reason().code())
        .isEqualTo("missing_field:eventType");
  }

  // --- placeholders and the address of an SSO ---

  @Test
  void shouldTakeTheAddressOfAnSsoWithAnEmptyClientFromTheIpChain() {
    AuthenticationEvent event =
        authentication(OktaEvents.ssoWithEmptyClient("ann@corp.example", T));

    assertThat(event.getActivity()).isEqualTo(AuthActivity.LOGON);
    assertThat(event.getSrcIp()).isEqualTo("203.0.113.45");
    assertThat(event.getSrcGeo().getCity()).isEqualTo("Lisbon");
    assertThat(event.getApp()).isEqualTo("Salesforce.com");
  }

  @Test
  void shouldPreferTheClientAddressOverTheIpChain() {
    ObjectNode event = OktaEvents.failedLogin("ann@corp.example", T);
    ((ObjectNode) event.at("/request/ipChain/0")).put("ip", "10.9.9.9");

    assertThat(authentication(event).getSrcIp()).isEqualTo("198.51.100.77");
  }

  @Test
  void shouldKeepAClientAddressThatIsNoAddressAndFallBackToTheChain() {
    ObjectNode event = OktaEvents.failedLogin("ann@corp.example", T);
    ((ObjectNode) event.get("client")).put("ipAddress", "Internal");

    AuthenticationEvent mapped = authentication(event);

    assertThat(mapped.getSrcIp()).isEqualTo("198.51.100.77");
    assertThat(mapped.getMetadata().getUnmapped()).containsEntry("client.ipAddress", "Internal");
  }

  @Test
  void shouldHaveNoAddressWhenNeitherClientNorChainHasOne() {
    ObjectNode event = OktaEvents.ssoWithEmptyClient("ann@corp.example", T);
    event.remove("request");

    assertThat(authentication(event).getSrcIp()).isNull();
  }

  @Test
  void shouldReadAnUnknownTargetAlternateIdAsAbsentAndNameTheTargetByItsDisplayName() {
    ObjectNode event = OktaEvents.adminEvent("admin@corp.example", T);
    ObjectNode target = event.putArray("target").addObject();
    target.put("type", "User");
    target.put("alternateId", "unknown");
    target.put("displayName", "Bob Smith");

    Mapping.Mapped mapped = (Mapping.Mapped) map(event);

    assertThat(((AdminActivityEvent) mapped.value()).getTarget()).isEqualTo("Bob Smith");
  }

  @Test
  void shouldLeaveTheTargetEmptyWhenItHoldsOnlyPlaceholders() {
    ObjectNode event = OktaEvents.adminEvent("admin@corp.example", T);
    ObjectNode target = event.putArray("target").addObject();
    target.put("alternateId", "UNKNOWN");
    target.put("displayName", "unknown");

    Mapping.Mapped mapped = (Mapping.Mapped) map(event);

    assertThat(((AdminActivityEvent) mapped.value()).getTarget()).isNull();
  }

  @Test
  void shouldReadAnUnknownActorIdAsAbsent() {
    ObjectNode event = OktaEvents.failedLogin("ann@corp.example", T);
    ((ObjectNode) event.get("actor")).put("id", "unknown");

    assertThat(authentication(event).getUser().getUid()).isNull();
  }

  @Test
  void shouldRejectAnActorWhoseLoginIsThePlaceholder() {
    ObjectNode event = OktaEvents.failedLogin("ann@corp.example", T);
    ((ObjectNode) event.get("actor")).put("alternateId", "unknown");

    Mapping mapping = map(event);

    assertThat(mapping).isInstanceOf(Mapping.Rejected.class);
    assertThat(((Mapping.Rejected) mapping).reason().code())
        .isEqualTo("missing_field:actor.alternateId");
  }
}
