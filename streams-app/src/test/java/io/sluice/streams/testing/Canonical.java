package io.sluice.streams.testing;

import io.sluice.schemas.AuthActivity;
import io.sluice.schemas.AuthStatus;
import io.sluice.schemas.AuthenticationEvent;
import io.sluice.schemas.DataSecurityEvent;
import io.sluice.schemas.Direction;
import io.sluice.schemas.DlpAction;
import io.sluice.schemas.EmailAction;
import io.sluice.schemas.EmailFileEvent;
import io.sluice.schemas.EmailUrlEvent;
import io.sluice.schemas.EventMetadata;
import io.sluice.schemas.FileInfo;
import io.sluice.schemas.FindingEvent;
import io.sluice.schemas.RawRef;
import io.sluice.schemas.Severity;
import io.sluice.schemas.User;
import io.sluice.schemas.Verdict;
import io.sluice.streams.canonical.EventIds;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Canonical records built directly, for driving rules without a vendor mapper (as the detections
 * issue allows). Each gets a unique event id.
 */
public final class Canonical {
  private static final AtomicLong SEQUENCE = new AtomicLong();

  private Canonical() {}

  public static EventMetadata metadata(String source, Instant time) {
    long n = SEQUENCE.incrementAndGet();
    String topic = "raw." + source;
    return EventMetadata.newBuilder()
        .setEventId(EventIds.hashOf(source, Long.toString(n), time.toString()))
        .setSource(source)
        .setVendor(source.substring(0, source.indexOf('.')))
        .setProduct(source)
        .setFeed(source.substring(source.indexOf('.') + 1))
        .setTime(time)
        .setIngestTime(time)
        .setVendorUid("uid-" + n)
        .setRawRef(new RawRef(topic, 0, n))
        .setUnmapped(Map.of())
        .build();
  }

  public static User user(String name, boolean vip) {
    return User.newBuilder()
        .setName(name)
        .setEmail(name.contains("@") ? name : null)
        .setVip(vip)
        .build();
  }

  public static AuthenticationEvent login(
      String source, String user, String ip, AuthStatus status, Instant time, boolean vip) {
    return AuthenticationEvent.newBuilder()
        .setMetadata(metadata(source, time))
        .setActivity(AuthActivity.LOGON)
        .setStatus(status)
        .setUser(user(user, vip))
        .setSrcIp(ip)
        .build();
  }

  public static AuthenticationEvent failure(String user, String ip, Instant time) {
    return login("okta.system-log", user, ip, AuthStatus.FAILURE, time, false);
  }

  public static AuthenticationEvent success(String user, Instant time) {
    return login("okta.system-log", user, "198.51.100.7", AuthStatus.SUCCESS, time, false);
  }

  public static EmailUrlEvent click(
      String user, String url, Verdict verdict, EmailAction action, Instant time, boolean vip) {
    return EmailUrlEvent.newBuilder()
        .setMetadata(metadata("mimecast.ttp-url", time))
        .setUser(user(user, vip))
        .setUrl(url)
        .setUrlDomain(url.replaceAll("^https?://([^/]+).*$", "$1"))
        .setIsClick(true)
        .setVerdict(verdict)
        .setAction(action)
        .setDirection(Direction.INBOUND)
        .build();
  }

  public static EmailFileEvent attachment(
      String recipient, String sha256, Verdict verdict, Instant time, boolean vip) {
    return EmailFileEvent.newBuilder()
        .setMetadata(metadata("mimecast.ttp-attachment", time))
        .setRecipient(user(recipient, vip))
        .setSender("invoices@bad.example")
        .setFile(
            FileInfo.newBuilder()
                .setName("invoice.pdf")
                .setType("application/pdf")
                .setSha256(sha256)
                .build())
        .setVerdict(verdict)
        .setAction(EmailAction.BLOCKED)
        .setDirection(Direction.INBOUND)
        .build();
  }

  public static FindingEvent impersonation(String recipient, Instant time, boolean vip) {
    return FindingEvent.newBuilder()
        .setMetadata(metadata("mimecast.ttp-impersonation", time))
        .setTitle("IP - 1 hit (Tag email)")
        .setFindingType("impersonation")
        .setSeverity(Severity.HIGH)
        .setRecipient(user(recipient, vip))
        .setSender("ceo@corp-example.example")
        .setIndicators(List.of("internal_user_name"))
        .setIsMalicious(true)
        .build();
  }

  public static DataSecurityEvent dlp(String sender, DlpAction action, Instant time, boolean vip) {
    return DataSecurityEvent.newBuilder()
        .setMetadata(metadata("mimecast.dlp", time))
        .setUser(user(sender, vip))
        .setRecipients(List.of("x@ext.example"))
        .setPolicy("Confidential")
        .setAction(action)
        .setDirection(Direction.OUTBOUND)
        .build();
  }
}
