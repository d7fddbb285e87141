package io.sluice.streams.normalize.entra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.sluice.streams.normalize.Json;
import io.sluice.streams.normalize.Mapping;
import io.sluice.streams.normalize.RawEvent;
import io.sluice.streams.normalize.VendorTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Microsoft Entra ID sign-ins (Graph {@code GET /auditLogs/signIns}, one element of {@code value[]}
 * per raw record) → {@code canonical.authentication}. Value tables: docs/feeds/entra-signins.md.
 */
public final class EntraSignInMapper implements FeedMapper {
  public static final FeedDescriptor FEED =
      new FeedDescriptor(
          "entra.signins",
          "raw.entra.signins",
          "Microsoft",
          "Microsoft Entra ID",
          "signins",
          List.of("createdDateTime"));

  /** Fields read into canonical fields; the rest of the record is kept in {@code unmapped}. */
  private static final Set<String> MAPPED =
      Set.of(
          "id",
          "createdDateTime",
          "userPrincipalName",
          "userId",
          "userDisplayName",
          "ipAddress",
          "location",
          "appDisplayName",
          "userAgent",
          "status",
          "authenticationRequirement");

  /** An AADSTS code as Graph sends it: an integer (a JSON number, or its text). */
  private static final Pattern CODE = Pattern.compile("-?\\d{1,12}");

  @Override
  public FeedDescriptor descriptor() {
    return FEED;
  }

  @Override
  public Set<CanonicalClass> outputs() {
    return Set.of(CanonicalClass.AUTHENTICATION);
  }

  @Override
  public Mapping map(RawEvent event) {
    ObjectNode json = event.json();
    VendorTime.Read time = VendorTime.read(json, "createdDateTime");
    if (time.isRejected()) {
      return Mapping.rejected(time.rejection());
    }
    String login = Keys.normalize(Json.text(json, "userPrincipalName"));
    if (login == null) {
      return Mapping.rejected(DlqReason.missingField("userPrincipalName"));
    }
    Map<String, String> unmapped = Json.unmappedExcept(json, MAPPED);
    keepIfNotObject(json, "status", unmapped);
    keepIfNotObject(json, "location", unmapped);
    Outcome outcome = outcome(json, unmapped);
    Boolean mfa = mfa(json, unmapped);
    EventMetadata metadata = event.metadata(FEED, time.instant(), Json.text(json, "id"), unmapped);
    AuthenticationEvent value =
        AuthenticationEvent.newBuilder()
            .setMetadata(metadata)
            .setActivity(AuthActivity.LOGON)
            .setStatus(outcome.status())
            .setStatusCode(outcome.code())
            .setStatusDetail(outcome.detail())
            .setUser(user(json, login))
            .setSrcIp(Json.cleanText(json, "ipAddress"))
            .setSrcGeo(geo(Json.at(json, "location")))
            .setUserAgent(Json.cleanText(json, "userAgent"))
            .setApp(Json.cleanText(json, "appDisplayName"))
            .setIsMfa(mfa)
            .build();
    return Mapping.mapped(CanonicalClass.AUTHENTICATION, login, value);
  }

  private record Outcome(AuthStatus status, String code, String detail) {}

  /**
   * {@code status.errorCode} through {@link AadstsCodes}. A code the table does not know, or a
   * value that is not a code at all, is UNKNOWN and kept in {@code unmapped["status.errorCode"]}.
   */
  private static Outcome outcome(ObjectNode json, Map<String, String> unmapped) {
    String code = Json.text(json, "status.errorCode");
    String failureReason = Json.cleanText(json, "status.failureReason");
    String additional = Json.cleanText(json, "status.additionalDetails");
    if (additional != null) {
      unmapped.put("status.additionalDetails", additional);
    }
    if (code == null) {
      keep(unmapped, "status.failureReason", failureReason);
      return new Outcome(AuthStatus.UNKNOWN, null, null);
    }
    Optional<AadstsCodes.Outcome> known =
        CODE.matcher(code).matches() ? AadstsCodes.outcome(Long.parseLong(code)) : Optional.empty();
    String statusCode = Text.clean(code, 32);
    if (known.isEmpty()) {
      unmapped.put("status.errorCode", statusCode);
      return new Outcome(AuthStatus.UNKNOWN, statusCode, failureReason);
    }
    keep(unmapped, "status.failureReason", failureReason);
    return new Outcome(known.get().status(), statusCode, known.get().description());
  }

  /** {@code authenticationRequirement}: multi- or single-factor; anything else is not guessed. */
  private static Boolean mfa(ObjectNode json, Map<String, String> unmapped) {
    String requirement = Json.text(json, "authenticationRequirement");
    if (requirement == null) {
      return null;
    }
    if ("multiFactorAuthentication".equals(requirement)) {
      return Boolean.TRUE;
    }
    if ("singleFactorAuthentication".equals(requirement)) {
      return Boolean.FALSE;
    }
    unmapped.put("authenticationRequirement", Text.clean(requirement));
    return null;
  }

  private static User user(ObjectNode json, String login) {
    return User.newBuilder()
        .setName(login)
        .setEmail(login.contains("@") ? login : null)
        .setUid(Json.cleanText(json, "userId"))
        .setFullName(Json.cleanText(json, "userDisplayName"))
        .setVip(false)
        .build();
  }

  private static Geo geo(JsonNode location) {
    if (location == null || !location.isObject()) {
      return null;
    }
    Geo geo =
        Geo.newBuilder()
            .setCity(Json.cleanText(location, "city"))
            .setRegion(Json.cleanText(location, "state"))
            .setCountry(Json.cleanText(location, "countryOrRegion"))
            .setLat(Json.number(location, "geoCoordinates.latitude"))
            .setLon(Json.number(location, "geoCoordinates.longitude"))
            .build();
    boolean empty =
        geo.getCity() == null
            && geo.getRegion() == null
            && geo.getCountry() == null
            && geo.getLat() == null
            && geo.getLon() == null;
    return empty ? null : geo;
  }

  /** A mapped object field of the wrong type is kept as it came, so nothing is lost. */
  private static void keepIfNotObject(ObjectNode json, String field, Map<String, String> unmapped) {
    JsonNode value = Json.at(json, field);
    if (value != null && !value.isObject()) {
      unmapped.put(field, value.isTextual() ? value.textValue() : value.toString());
    }
  }

  private static void keep(Map<String, String> unmapped, String field, String value) {
    if (value != null) {
      unmapped.put(field, value);
    }
  }
}
