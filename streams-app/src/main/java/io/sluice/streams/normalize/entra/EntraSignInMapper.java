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
import io.sluice.streams.normalize.Unwrap;
import io.sluice.streams.normalize.VendorTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Microsoft Entra ID sign-ins → {@code canonical.authentication}. Three shapes arrive on {@code
 * raw.entra.signins} (docs/feeds/entra-signins.md):
 *
 * <ul>
 *   <li>Graph {@code GET /auditLogs/signIns}: one element of {@code value[]} per record, the {@code
 *       signIn} resource itself;
 *   <li>Azure Monitor diagnostic settings → Event Hubs: an Event Hubs message {@code
 *       {"records":[…]}}, unwrapped here into one event per record ({@link #unwrap});
 *   <li>one such diagnostic record alone (forwarders split the envelope): the common resource-log
 *       fields ({@code time}, {@code category}, {@code resultType}, {@code callerIpAddress}, …)
 *       around {@code properties}, which is the Graph {@code signIn} object.
 * </ul>
 *
 * A diagnostic record is read through its {@code properties}; the envelope fields stand in only for
 * what {@code properties} lacks (time, error code, IP) and are otherwise kept in {@code unmapped}
 * as {@code diagnostic.<field>}.
 */
public final class EntraSignInMapper implements FeedMapper {
  public static final FeedDescriptor FEED =
      new FeedDescriptor(
          "entra.signins",
          "raw.entra.signins",
          "Microsoft",
          "Microsoft Entra ID",
          "signins",
          List.of("createdDateTime", "time"));

  /** Top-level field of an Azure Monitor (Event Hubs) message holding the diagnostic records. */
  static final String RECORDS = "records";

  /** Prefix of the diagnostic envelope fields kept in {@code unmapped}. */
  static final String DIAGNOSTIC = "diagnostic.";

  /** Fields read into canonical fields; the rest of the record is kept in {@code unmapped}. */
  private static final Set<String> MAPPED =
      Set.of(
          "id",
          "createdDateTime",
          "userPrincipalName",
          "userId",
          "servicePrincipalName",
          "servicePrincipalId",
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

  /**
   * An Azure Monitor message {@code {"records":[…]}} (no sign-in fields of its own) is an envelope
   * of diagnostic records; anything else is one sign-in.
   */
  @Override
  public Unwrap unwrap(ObjectNode document) {
    JsonNode records = document.get(RECORDS);
    if (records == null || document.has("createdDateTime") || document.has("properties")) {
      return Unwrap.single();
    }
    if (!records.isArray()) {
      return Unwrap.rejected(
          DlqReason.unknownShape(
              "Azure Monitor envelope whose records is a JSON "
                  + records.getNodeType()
                  + ", not an array"));
    }
    if (records.isEmpty()) {
      return Unwrap.rejected(
          DlqReason.unknownShape("Azure Monitor envelope with an empty records[]: no sign-in"));
    }
    List<JsonNode> events = new ArrayList<>(records.size());
    records.forEach(events::add);
    return Unwrap.elements(events);
  }

  @Override
  public Mapping map(RawEvent event) {
    SignInShape shape = SignInShape.of(event.json());
    ObjectNode json = shape.signIn();
    VendorTime.Read time = VendorTime.read(json, "createdDateTime");
    boolean timeFromEnvelope = false;
    if (time.isRejected() && shape.isDiagnostic() && Json.text(json, "createdDateTime") == null) {
      time = VendorTime.read(shape.envelope(), "time");
      timeFromEnvelope = true;
    }
    if (time.isRejected()) {
      return Mapping.rejected(
          timeFromEnvelope && Json.text(shape.envelope(), "time") == null
              ? DlqReason.missingField("createdDateTime")
              : time.rejection());
    }
    String login = Keys.normalize(Json.text(json, "userPrincipalName"));
    String servicePrincipal = Json.cleanText(json, "servicePrincipalId");
    if (login == null && servicePrincipal == null) {
      return Mapping.rejected(DlqReason.missingField("userPrincipalName"));
    }
    Map<String, String> unmapped = Json.unmappedExcept(json, MAPPED);
    keepIfNotObject(json, "status", unmapped);
    keepIfNotObject(json, "location", unmapped);
    keepAdditionalDetails(json, unmapped);
    Outcome outcome = outcome(json, shape, unmapped);
    Boolean mfa = mfa(json, unmapped);
    String ip = Json.cleanText(json, "ipAddress");
    Set<String> envelopeUsed = new HashSet<>(Set.of("properties"));
    if (timeFromEnvelope) {
      envelopeUsed.add("time");
    }
    if (outcome.fromEnvelope()) {
      envelopeUsed.add("resultType");
    }
    if (ip == null && shape.isDiagnostic()) {
      ip = Json.cleanText(shape.envelope(), "callerIpAddress");
      envelopeUsed.add("callerIpAddress");
    }
    if (shape.isDiagnostic()) {
      Json.unmappedExcept(shape.envelope(), envelopeUsed)
          .forEach((field, value) -> unmapped.put(DIAGNOSTIC + field, value));
    }
    EventMetadata metadata = event.metadata(FEED, time.instant(), Json.text(json, "id"), unmapped);
    AuthenticationEvent value =
        AuthenticationEvent.newBuilder()
            .setMetadata(metadata)
            .setActivity(AuthActivity.LOGON)
            .setStatus(outcome.status())
            .setStatusCode(outcome.code())
            .setStatusDetail(outcome.detail())
            .setUser(login != null ? user(json, login) : servicePrincipal(json, servicePrincipal))
            .setSrcIp(ip)
            .setSrcGeo(geo(Json.at(json, "location")))
            .setUserAgent(Json.cleanText(json, "userAgent"))
            .setApp(Json.cleanText(json, "appDisplayName"))
            .setIsMfa(mfa)
            .build();
    // a service principal or managed identity is no person: no user key to meet other feeds under
    return Mapping.mapped(CanonicalClass.AUTHENTICATION, login, value);
  }

  /**
   * The Graph {@code signIn} object of a record, and the diagnostic envelope around it (null for
   * the Graph shape).
   */
  private record SignInShape(ObjectNode signIn, ObjectNode envelope) {
    static SignInShape of(ObjectNode json) {
      if (!json.has("createdDateTime") && json.get("properties") instanceof ObjectNode properties) {
        return new SignInShape(properties, json);
      }
      return new SignInShape(json, null);
    }

    boolean isDiagnostic() {
      return envelope != null;
    }
  }

  private record Outcome(AuthStatus status, String code, String detail, boolean fromEnvelope) {
    Outcome(AuthStatus status, String code, String detail) {
      this(status, code, detail, false);
    }

    Outcome readFromEnvelope() {
      return new Outcome(status, code, detail, true);
    }
  }

  /**
   * {@code status.errorCode} through {@link AadstsCodes}; for a diagnostic record whose {@code
   * properties} lack it, the envelope's {@code resultType} (the same code as text). A code the
   * table does not know, or a value that is not a code at all, is UNKNOWN and kept in {@code
   * unmapped["status.errorCode"]} (or {@code ["diagnostic.resultType"]}).
   */
  private static Outcome outcome(ObjectNode json, SignInShape shape, Map<String, String> unmapped) {
    if (Json.text(json, "status.errorCode") == null
        && shape.isDiagnostic()
        && Json.text(shape.envelope(), "resultType") != null) {
      // the resource-log resultType is the same AADSTS code, as text
      return outcome(
              Json.text(shape.envelope(), "resultType"), null, unmapped, DIAGNOSTIC + "resultType")
          .readFromEnvelope();
    }
    return outcome(
        Json.text(json, "status.errorCode"),
        Json.cleanText(json, "status.failureReason"),
        unmapped,
        "status.errorCode");
  }

  private static Outcome outcome(
      String code, String failureReason, Map<String, String> unmapped, String codeField) {
    if (code == null) {
      keep(unmapped, "status.failureReason", failureReason);
      return new Outcome(AuthStatus.UNKNOWN, null, null);
    }
    Optional<AadstsCodes.Outcome> known =
        CODE.matcher(code).matches() ? AadstsCodes.outcome(Long.parseLong(code)) : Optional.empty();
    String statusCode = Text.clean(code, 32);
    if (known.isEmpty()) {
      unmapped.put(codeField, statusCode);
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

  /** {@code status.additionalDetails} has no canonical home; kept whatever the outcome. */
  private static void keepAdditionalDetails(ObjectNode json, Map<String, String> unmapped) {
    String additional = Json.cleanText(json, "status.additionalDetails");
    if (additional != null) {
      unmapped.put("status.additionalDetails", additional);
    }
  }

  /**
   * A service principal or managed identity sign-in: the principal's id as {@code uid} and its name
   * as {@code full_name}; {@code name} stays null (no account name to key by).
   */
  private static User servicePrincipal(ObjectNode json, String id) {
    return User.newBuilder()
        .setUid(id)
        .setFullName(Json.cleanText(json, "servicePrincipalName"))
        .setVip(false)
        .build();
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
      unmapped.put(field, Json.unmappedText(value));
    }
  }

  private static void keep(Map<String, String> unmapped, String field, String value) {
    if (value != null) {
      unmapped.put(field, value);
    }
  }
}
