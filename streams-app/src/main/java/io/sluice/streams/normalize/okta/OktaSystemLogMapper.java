package io.sluice.streams.normalize.okta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.schemas.AdminActivityEvent;
import io.sluice.schemas.AuthActivity;
import io.sluice.schemas.AuthStatus;
import io.sluice.schemas.AuthenticationEvent;
import io.sluice.schemas.EventMetadata;
import io.sluice.schemas.Geo;
import io.sluice.schemas.User;
import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.canonical.Keys;
import io.sluice.streams.canonical.Text;
import io.sluice.streams.normalize.DlqReason;
import io.sluice.streams.normalize.FeedDescriptor;
import io.sluice.streams.normalize.FeedMapper;
import io.sluice.streams.normalize.IpLiterals;
import io.sluice.streams.normalize.Json;
import io.sluice.streams.normalize.Mapping;
import io.sluice.streams.normalize.RawEvent;
import io.sluice.streams.normalize.VendorTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Okta System Log ({@code GET /api/v1/logs}) → {@code canonical.authentication} for sign-in events,
 * {@code canonical.admin-activity} for everything else. Value tables: docs/feeds/okta.md.
 */
public final class OktaSystemLogMapper implements FeedMapper {
  public static final FeedDescriptor FEED =
      new FeedDescriptor(
          "okta.system-log",
          "raw.okta.system-log",
          "Okta",
          "Okta Identity Cloud",
          "system-log",
          List.of("published"));

  /** Fields read into canonical fields; the rest of the record is kept in {@code unmapped}. */
  private static final Set<String> MAPPED =
      Set.of("uuid", "published", "eventType", "actor", "client", "outcome");

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
    VendorTime.Read time = VendorTime.read(json, "published");
    if (time.isRejected()) {
      return Mapping.rejected(time.rejection());
    }
    if (!(Json.at(json, "actor") instanceof ObjectNode actor)) {
      return Mapping.rejected(DlqReason.missingField("actor"));
    }
    String eventType = Json.text(json, "eventType");
    if (eventType == null) {
      return Mapping.rejected(DlqReason.missingField("eventType"));
    }
    User user = user(actor);
    if (user.getName() == null) {
      return Mapping.rejected(DlqReason.missingField("actor.alternateId"));
    }
    Map<String, String> unmapped = Json.unmappedExcept(json, MAPPED);
    Optional<AuthActivity> activity = OktaEventTypes.authActivity(eventType);
    String result = Json.text(json, "outcome.result");
    if (result != null && !OktaEventTypes.isKnownResult(result)) {
      unmapped.put("outcome.result", result);
    }
    ClientSource source = ClientSource.of(json, unmapped);
    EventMetadata metadata =
        event.metadata(FEED, time.instant(), Json.text(json, "uuid"), unmapped);
    if (activity.isPresent()) {
      return Mapping.mapped(
          CanonicalClass.AUTHENTICATION,
          user.getName(),
          authentication(json, metadata, activity.get(), eventType, user, source));
    }
    return Mapping.mapped(
        CanonicalClass.ADMIN_ACTIVITY,
        user.getName(),
        adminActivity(json, metadata, eventType, user, source));
  }

  /**
   * Where the request came from: {@code client.ipAddress} and its geography; when the client names
   * no address (an SSO event can carry an empty {@code client}), the first hop of {@code
   * request.ipChain} and its geography. A value that is not an IP address is no source; a text
   * other than a placeholder is kept in {@code unmapped["client.ipAddress"]}.
   */
  private record ClientSource(String ip, JsonNode geo) {
    static ClientSource of(ObjectNode json, Map<String, String> unmapped) {
      String clientIp =
          IpLiterals.address("client.ipAddress", OktaText.text(json, "client.ipAddress"), unmapped);
      if (clientIp != null) {
        return new ClientSource(clientIp, Json.at(json, "client.geographicalContext"));
      }
      JsonNode chain = Json.at(json, "request.ipChain");
      JsonNode first = chain != null && chain.isArray() && !chain.isEmpty() ? chain.get(0) : null;
      String chainIp = first == null ? null : IpLiterals.orNull(OktaText.text(first, "ip"));
      if (chainIp != null) {
        return new ClientSource(chainIp, Json.at(first, "geographicalContext"));
      }
      return new ClientSource(null, Json.at(json, "client.geographicalContext"));
    }
  }

  private static AuthenticationEvent authentication(
      ObjectNode json,
      EventMetadata metadata,
      AuthActivity activity,
      String eventType,
      User user,
      ClientSource source) {
    String result = Json.text(json, "outcome.result");
    AuthStatus status = OktaEventTypes.status(result);
    return AuthenticationEvent.newBuilder()
        .setMetadata(metadata)
        .setActivity(activity)
        .setStatus(status)
        .setStatusDetail(Text.clean(Json.text(json, "outcome.reason")))
        .setStatusCode(result == null ? null : result.toUpperCase(Locale.ROOT))
        .setUser(user)
        .setSrcIp(source.ip())
        .setSrcGeo(geo(source.geo()))
        .setUserAgent(Text.clean(OktaText.text(json, "client.userAgent.rawUserAgent")))
        .setApp(application(json))
        .setIsMfa(OktaEventTypes.isMfa(eventType) ? Boolean.TRUE : null)
        .build();
  }

  private static AdminActivityEvent adminActivity(
      ObjectNode json, EventMetadata metadata, String eventType, User user, ClientSource source) {
    return AdminActivityEvent.newBuilder()
        .setMetadata(metadata)
        .setUser(user)
        .setActivity(Text.clean(eventType, 128))
        .setCategory(OktaEventTypes.category(eventType))
        .setDetail(Json.cleanText(json, "displayMessage"))
        .setOutcome(Json.text(json, "outcome.result"))
        .setSrcIp(source.ip())
        .setTarget(target(json))
        .build();
  }

  private static User user(ObjectNode actor) {
    String login = Keys.normalize(OktaText.text(actor, "alternateId"));
    return User.newBuilder()
        .setName(login)
        .setEmail(login != null && login.contains("@") ? login : null)
        .setUid(OktaText.text(actor, "id"))
        .setFullName(Text.clean(OktaText.text(actor, "displayName")))
        .setVip(false)
        .build();
  }

  private static Geo geo(JsonNode context) {
    if (context == null) {
      return null;
    }
    return Geo.newBuilder()
        .setCity(Json.cleanText(context, "city"))
        .setRegion(Json.cleanText(context, "state"))
        .setCountry(Json.cleanText(context, "country"))
        .setLat(Json.number(context, "geolocation.lat"))
        .setLon(Json.number(context, "geolocation.lon"))
        .build();
  }

  /** The application signed in to: the first target of type AppInstance. */
  private static String application(ObjectNode json) {
    JsonNode targets = json.get("target");
    if (targets == null || !targets.isArray()) {
      return null;
    }
    for (JsonNode target : targets) {
      if ("AppInstance".equals(Json.text(target, "type"))) {
        return Text.clean(OktaText.text(target, "displayName"));
      }
    }
    return null;
  }

  private static String target(ObjectNode json) {
    JsonNode targets = json.get("target");
    if (targets == null || !targets.isArray() || targets.isEmpty()) {
      return null;
    }
    JsonNode first = targets.get(0);
    String name = OktaText.text(first, "alternateId");
    return Text.clean(name != null ? name : OktaText.text(first, "displayName"));
  }
}
