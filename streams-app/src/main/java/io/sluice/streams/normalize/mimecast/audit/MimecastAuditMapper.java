package io.sluice.streams.normalize.mimecast.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.schemas.AdminActivityEvent;
import io.sluice.schemas.AuthActivity;
import io.sluice.schemas.AuthenticationEvent;
import io.sluice.schemas.EventMetadata;
import io.sluice.schemas.User;
import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.canonical.Keys;
import io.sluice.streams.canonical.Text;
import io.sluice.streams.normalize.DlqReason;
import io.sluice.streams.normalize.FeedDescriptor;
import io.sluice.streams.normalize.FeedMapper;
import io.sluice.streams.normalize.Json;
import io.sluice.streams.normalize.Mapping;
import io.sluice.streams.normalize.RawEvent;
import io.sluice.streams.normalize.VendorTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Mimecast audit events ({@code POST /api/audit/get-audit-events}, one element of {@code data[]}
 * per raw record) → {@code canonical.authentication} for logon audit types, {@code
 * canonical.admin-activity} for everything else. Value tables: docs/feeds/mimecast-audit.md.
 */
public final class MimecastAuditMapper implements FeedMapper {
  public static final FeedDescriptor FEED =
      new FeedDescriptor(
          "mimecast.audit",
          "raw.mimecast.audit",
          "Mimecast",
          "Mimecast Email Security",
          "audit",
          List.of("eventTime"));

  /** Read into canonical fields of an authentication event; eventInfo stays whole in unmapped. */
  private static final Set<String> AUTH_MAPPED = Set.of("id", "auditType", "user", "eventTime");

  /** Read into canonical fields of an admin-activity event. */
  private static final Set<String> ADMIN_MAPPED =
      Set.of("id", "auditType", "user", "eventTime", "category", "eventInfo");

  @Override
  public FeedDescriptor descriptor() {
    return FEED;
  }

  @Override
  public Set<CanonicalClass> outputs() {
    return Set.of(CanonicalClass.AUTHENTICATION, CanonicalClass.ADMIN_ACTIVITY);
  }

  @Override
  public Mapping map(RawEvent event) {
    ObjectNode json = event.json();
    VendorTime.Read time = VendorTime.read(json, "eventTime");
    if (time.isRejected()) {
      return Mapping.rejected(time.rejection());
    }
    String auditType = Json.text(json, "auditType");
    if (auditType == null || auditType.isBlank()) {
      return Mapping.rejected(DlqReason.missingField("auditType"));
    }
    String user = Keys.normalize(Json.text(json, "user"));
    String eventInfo = Json.text(json, "eventInfo");
    EventInfo info = EventInfo.parse(eventInfo);
    Optional<MimecastAuditTypes.Logon> logon = MimecastAuditTypes.logon(auditType);
    if (logon.isPresent()) {
      if (user == null) {
        // a sign-in nobody can be named for cannot meet the user's other events
        return Mapping.rejected(DlqReason.missingField("user"));
      }
      Map<String, String> unmapped = unmapped(json, AUTH_MAPPED);
      if (!logon.get().known()) {
        unmapped.put("auditType", auditType);
      }
      putIfPresent(unmapped, "eventInfo.Method", info.method());
      putIfPresent(unmapped, "eventInfo.2FA", info.twoFactor());
      EventMetadata metadata =
          event.metadata(FEED, time.instant(), Json.text(json, "id"), unmapped);
      return Mapping.mapped(
          CanonicalClass.AUTHENTICATION,
          user,
          authentication(metadata, logon.get(), user(user, info.fullName()), info));
    }
    Map<String, String> unmapped = unmapped(json, ADMIN_MAPPED);
    if (eventInfo != null && eventInfo.length() > Text.DEFAULT_MAX) {
      unmapped.put("eventInfo", eventInfo); // detail is capped; keep the whole text
    }
    EventMetadata metadata = event.metadata(FEED, time.instant(), Json.text(json, "id"), unmapped);
    AdminActivityEvent admin =
        AdminActivityEvent.newBuilder()
            .setMetadata(metadata)
            .setUser(user(user, info.fullName()))
            .setActivity(Text.clean(auditType.strip(), 128))
            .setCategory(Text.clean(Json.text(json, "category"), 128))
            .setDetail(Text.clean(eventInfo))
            .setSrcIp(info.ip())
            .build();
    // automated events (directory sync) have no user: the key is then null, as the entity is
    return Mapping.mapped(CanonicalClass.ADMIN_ACTIVITY, user, admin);
  }

  private static AuthenticationEvent authentication(
      EventMetadata metadata, MimecastAuditTypes.Logon logon, User user, EventInfo info) {
    String reason = Text.clean(info.reason(), 256);
    return AuthenticationEvent.newBuilder()
        .setMetadata(metadata)
        .setActivity(AuthActivity.LOGON)
        .setStatus(logon.status())
        .setStatusDetail(reason != null ? reason : logon.detail())
        .setUser(user)
        .setSrcIp(info.ip())
        .setApp(Text.clean(info.application(), 128))
        .setIsMfa(info.twoFactor() != null ? Boolean.TRUE : null)
        .build();
  }

  private static User user(String name, String fullName) {
    return User.newBuilder()
        .setName(name)
        .setEmail(name != null && name.contains("@") ? name : null)
        .setFullName(name != null ? Text.clean(fullName, 256) : null)
        .setVip(false)
        .build();
  }

  /**
   * Unconsumed top-level fields, plus consumed ones whose value had the wrong type (an object where
   * text was expected), so that nothing the vendor sent is lost.
   */
  private static Map<String, String> unmapped(ObjectNode json, Set<String> mapped) {
    Map<String, String> unmapped = Json.unmappedExcept(json, mapped);
    for (String field : mapped) {
      JsonNode value = json.get(field);
      if (value != null && !value.isNull() && !value.isValueNode()) {
        unmapped.put(field, Json.compact(value));
      }
    }
    return unmapped;
  }

  private static void putIfPresent(Map<String, String> unmapped, String key, String value) {
    if (value != null) {
      unmapped.put(key, value);
    }
  }
}
