package io.sluice.streams.risk;

import io.sluice.schemas.Alert;
import io.sluice.schemas.AuthActivity;
import io.sluice.schemas.AuthStatus;
import io.sluice.schemas.AuthenticationEvent;
import io.sluice.schemas.DataSecurityEvent;
import io.sluice.schemas.DlpAction;
import io.sluice.schemas.EmailUrlEvent;
import io.sluice.schemas.Entity;
import io.sluice.schemas.EventMetadata;
import io.sluice.schemas.RuleRef;
import io.sluice.schemas.Severity;
import io.sluice.schemas.User;
import io.sluice.schemas.Verdict;
import java.time.Instant;
import java.util.UUID;

/** Canonical records and alerts as the normalisers and rules write them, with the risk knobs. */
final class RiskFixtures {
  private RiskFixtures() {}

  static AuthenticationEvent login(String user, AuthStatus status, boolean vip, Instant time) {
    return AuthenticationEvent.newBuilder()
        .setMetadata(metadata("okta.system-log", time))
        .setActivity(AuthActivity.LOGON)
        .setStatus(status)
        .setUser(user(user, vip))
        .setSrcIp("198.51.100.77")
        .build();
  }

  static EmailUrlEvent click(String user, Verdict verdict, boolean isClick, Instant time) {
    return EmailUrlEvent.newBuilder()
        .setMetadata(metadata("mimecast.ttp-url", time))
        .setUser(user(user, false))
        .setUrl("https://login.example-phish.test/o365")
        .setIsClick(isClick)
        .setVerdict(verdict)
        .build();
  }

  static DataSecurityEvent dlp(String user, DlpAction action, Instant time) {
    return DataSecurityEvent.newBuilder()
        .setMetadata(metadata("mimecast.dlp", time))
        .setUser(user(user, false))
        .setPolicy("PCI - card numbers outbound")
        .setAction(action)
        .build();
  }

  static Alert alert(String entityType, String entity, Severity severity, Instant time) {
    return Alert.newBuilder()
        .setAlertId(UUID.randomUUID().toString().replace("-", ""))
        .setRule(RuleRef.newBuilder().setId("test.rule").setName("Test rule").setVersion(1).build())
        .setSeverity(severity)
        .setTitle("test alert")
        .setArea("authentication")
        .setEntity(Entity.newBuilder().setType(entityType).setValue(entity).build())
        .setWindowStart(time.minusSeconds(600))
        .setWindowEnd(time)
        .setFirstSeen(time.minusSeconds(600))
        .setLastSeen(time)
        .setDetectedAt(time)
        .setEventCount(10)
        .build();
  }

  private static User user(String name, boolean vip) {
    return User.newBuilder().setName(name).setEmail(name).setVip(vip).build();
  }

  private static EventMetadata metadata(String source, Instant time) {
    String[] parts = source.split("\\.", 2);
    return EventMetadata.newBuilder()
        .setEventId(UUID.randomUUID().toString().replace("-", ""))
        .setSource(source)
        .setVendor(parts[0])
        .setProduct(parts[0])
        .setFeed(parts[1])
        .setTime(time)
        .setIngestTime(time)
        .build();
  }
}
