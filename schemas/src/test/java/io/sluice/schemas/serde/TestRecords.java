package io.sluice.schemas.serde;

import io.sluice.schemas.Alert;
import io.sluice.schemas.AuthActivity;
import io.sluice.schemas.AuthStatus;
import io.sluice.schemas.AuthenticationEvent;
import io.sluice.schemas.Entity;
import io.sluice.schemas.EventMetadata;
import io.sluice.schemas.Evidence;
import io.sluice.schemas.Geo;
import io.sluice.schemas.RawRef;
import io.sluice.schemas.RuleRef;
import io.sluice.schemas.Severity;
import io.sluice.schemas.User;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Records as the pipeline produces them from real vendor feeds. */
final class TestRecords {

  static final String AUTH_TOPIC = "canonical.authentication";
  static final String ALERT_TOPIC = "alerts.auth";

  private TestRecords() {}

  /** An Okta System Log failed sign-in (user.session.start, FAILURE, INVALID_CREDENTIALS). */
  static AuthenticationEvent oktaFailedLogin() {
    return AuthenticationEvent.newBuilder()
        .setMetadata(
            EventMetadata.newBuilder()
                .setEventId("7f3c9a01d2e44b8c9e6f0a1b2c3d4e5f")
                .setSource("okta.system-log")
                .setVendor("Okta")
                .setProduct("Okta Identity Cloud")
                .setFeed("system-log")
                .setTime(Instant.parse("2025-03-14T09:26:53.589Z"))
                .setIngestTime(Instant.parse("2025-03-14T09:26:55.012Z"))
                .setVendorUid("b0e1a7d4-00a3-11f0-9d4e-6f1c2a3b4c5d")
                .setRawRef(
                    RawRef.newBuilder()
                        .setTopic("raw.okta.system-log")
                        .setPartition(3)
                        .setOffset(184_467L)
                        .build())
                .setUnmapped(Map.of("debugContext.debugData.requestUri", "\"/api/v1/authn\""))
                .build())
        .setActivity(AuthActivity.LOGON)
        .setStatus(AuthStatus.FAILURE)
        .setStatusDetail("INVALID_CREDENTIALS")
        .setUser(
            User.newBuilder()
                .setName("jane.doe@example.com")
                .setEmail("jane.doe@example.com")
                .setUid("00u1a2b3c4D5e6F7g8h9")
                .setFullName("Jane Doe")
                .setVip(true)
                .build())
        .setSrcIp("203.0.113.47")
        .setSrcGeo(
            Geo.newBuilder()
                .setCity("Amsterdam")
                .setRegion("North Holland")
                .setCountry("Netherlands")
                .setLat(52.3740)
                .setLon(4.8897)
                .build())
        .setUserAgent(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/122.0.0.0 Safari/537.36")
        .setApp("Okta Dashboard")
        .setIsMfa(false)
        .build();
  }

  /** A failed-login-burst alert on jane.doe raised from ten Okta failures. */
  static Alert failedLoginBurst() {
    Instant windowEnd = Instant.parse("2025-03-14T09:26:53.589Z");
    return Alert.newBuilder()
        .setAlertId("5d41402abc4b2a76b9719d911017c592")
        .setRule(
            RuleRef.newBuilder()
                .setId("auth.failed-login-burst")
                .setName("Failed login burst")
                .setVersion(2)
                .build())
        .setSeverity(Severity.HIGH)
        .setTitle("10 failed logins for jane.doe@example.com in 10 minutes")
        .setDescription("Many failed sign-ins for one account in a short window.")
        .setArea("auth")
        .setEntity(
            Entity.newBuilder().setType("user.name").setValue("jane.doe@example.com").build())
        .setVip(true)
        .setWindowStart(windowEnd.minusSeconds(600))
        .setWindowEnd(windowEnd)
        .setFirstSeen(Instant.parse("2025-03-14T09:18:02.114Z"))
        .setLastSeen(windowEnd)
        .setDetectedAt(Instant.parse("2025-03-14T09:26:55.300Z"))
        .setEventCount(10)
        .setDistinctCount(null)
        .setSources(List.of("okta.system-log"))
        .setEvidence(
            List.of(
                Evidence.newBuilder()
                    .setEventId("7f3c9a01d2e44b8c9e6f0a1b2c3d4e5f")
                    .setSource("okta.system-log")
                    .setTime(windowEnd)
                    .setRawRef(
                        RawRef.newBuilder()
                            .setTopic("raw.okta.system-log")
                            .setPartition(3)
                            .setOffset(184_467L)
                            .build())
                    .build()))
        .setAttack(List.of("T1110", "T1110.001"))
        .setContext(Map.of("src_ip", "203.0.113.47", "app", "Okta Dashboard"))
        .build();
  }

  /** Configuration for a fresh in-memory registry scope. */
  static Map<String, Object> memConfig(String scope) {
    return Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mem://" + scope);
  }
}
