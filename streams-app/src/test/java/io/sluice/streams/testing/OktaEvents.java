package io.sluice.streams.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;

/**
 * Realistic Okta System Log records (field names from Okta's System Log API reference, LogEvent
 * object; values made up), with just the knobs the tests turn.
 */
public final class OktaEvents {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String TEMPLATE =
      """
      {"uuid":"3aeede38-4f67-11ea-abd3-1f5d113f2546","published":"2024-05-02T20:18:57.718Z",
       "eventType":"user.session.start","legacyEventType":"core.user_auth.login_failed",
       "displayMessage":"User login to Okta","severity":"WARN","version":"0",
       "actor":{"id":"00u1abvz4pYqdM8ms4x6","type":"User","alternateId":"ann@corp.example",
                "displayName":"Ann Lee","detailEntry":null},
       "client":{"ipAddress":"198.51.100.77","device":"Computer","zone":"null",
                 "userAgent":{"rawUserAgent":"Mozilla/5.0 (Macintosh)","os":"Mac OS X","browser":"FIREFOX"},
                 "geographicalContext":{"city":"Dublin","state":"California","country":"United States",
                                        "postalCode":"94568","geolocation":{"lat":37.72,"lon":-121.91}}},
       "outcome":{"result":"FAILURE","reason":"INVALID_CREDENTIALS"},
       "authenticationContext":{"authenticationStep":0,"externalSessionId":"unknown"},
       "securityContext":{"asNumber":null,"asOrg":null,"isp":null,"domain":null,"isProxy":null},
       "debugContext":{"debugData":{"requestUri":"/api/v1/authn","threatSuspected":"false"}},
       "request":{"ipChain":[{"ip":"198.51.100.77","version":"V4","source":null}]},
       "target":null,
       "transaction":{"type":"WEB","id":"XkcAsWb8WjwDP76xh@1v8wAABp0","detail":{}}}
      """;

  private OktaEvents() {}

  /** A failed {@code user.session.start} for the user at the time. */
  public static ObjectNode failedLogin(String user, Instant time) {
    ObjectNode event = base(user, time);
    return event;
  }

  public static ObjectNode successfulLogin(String user, Instant time) {
    ObjectNode event = base(user, time);
    event.put("legacyEventType", "core.user_auth.login_success");
    ObjectNode outcome = event.putObject("outcome");
    outcome.put("result", "SUCCESS");
    return event;
  }

  public static ObjectNode mfaVerify(String user, Instant time) {
    ObjectNode event = base(user, time);
    event.put("eventType", "user.authentication.auth_via_mfa");
    event.putObject("outcome").put("result", "SUCCESS");
    return event;
  }

  public static ObjectNode adminEvent(String user, Instant time) {
    ObjectNode event = base(user, time);
    event.put("eventType", "user.lifecycle.create");
    event.put("displayMessage", "Create Okta user");
    event.putObject("outcome").put("result", "SUCCESS");
    return event;
  }

  /**
   * An SSO into an app whose {@code client} is empty: the address is only in {@code
   * request.ipChain}, and the target app's alternateId is Okta's placeholder "unknown".
   */
  public static ObjectNode ssoWithEmptyClient(String user, Instant time) {
    ObjectNode event = base(user, time);
    event.put("eventType", "user.authentication.sso");
    event.put("legacyEventType", "app.auth.sso");
    event.put("displayMessage", "User single sign on to app");
    event.putObject("outcome").put("result", "SUCCESS");
    event.putObject("client");
    ObjectNode hop = (ObjectNode) event.at("/request/ipChain/0");
    hop.put("ip", "203.0.113.45");
    hop.putObject("geographicalContext").put("city", "Lisbon").put("country", "Portugal");
    ObjectNode app = event.putArray("target").addObject();
    app.put("id", "0oa1gjh63g214q0Hq0g4");
    app.put("type", "AppInstance");
    app.put("alternateId", "unknown");
    app.put("displayName", "Salesforce.com");
    return event;
  }

  private static ObjectNode base(String user, Instant time) {
    try {
      ObjectNode event = (ObjectNode) JSON.readTree(TEMPLATE);
      event.put("uuid", UUID.nameUUIDFromBytes((user + time).getBytes()).toString());
      event.put("published", time.toString());
      ((ObjectNode) event.get("actor")).put("alternateId", user);
      return event;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
