package io.sluice.streams.normalize.entra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Realistic Graph {@code /auditLogs/signIns} records (one element of {@code value[]}; field names
 * from the Microsoft Graph v1.0 signIn resource; values made up), with just the knobs the tests
 * turn.
 */
public final class EntraSignIns {
  private static final ObjectMapper JSON = new ObjectMapper();

  static final String TIME = "2024-05-02T19:15:41.6195833Z";

  private static final String TEMPLATE =
      """
      {"id":"66ea54eb-6301-4ee5-be62-ff5a759b0100","createdDateTime":"2024-05-02T19:15:41.6195833Z",
       "userDisplayName":"Ann Lee","userPrincipalName":"ann@corp.example",
       "userId":"26be570a-ae82-4189-b4e2-a37c6808512d","appId":"de8bc8b5-d9f9-48b1-a8ad-b748da725064",
       "appDisplayName":"Office 365 Exchange Online","ipAddress":"203.0.113.20",
       "clientAppUsed":"Browser","correlationId":"d79f5bee-5860-4832-928f-3133e22ae912",
       "conditionalAccessStatus":"notApplied","isInteractive":true,"riskDetail":"none",
       "riskLevelAggregated":"none","riskLevelDuringSignIn":"none","riskState":"none",
       "riskEventTypes":[],"resourceDisplayName":"Office 365 Exchange Online",
       "resourceId":"00000002-0000-0ff1-ce00-000000000000",
       "status":{"errorCode":50126,"failureReason":"Invalid username or password","additionalDetails":null},
       "deviceDetail":{"deviceId":"","displayName":null,"operatingSystem":"Windows 10","browser":"Edge 120.0",
                       "isCompliant":null,"isManaged":null,"trustType":null},
       "location":{"city":"Bucharest","state":"Bucuresti","countryOrRegion":"RO",
                   "geoCoordinates":{"altitude":null,"latitude":44.43,"longitude":26.1}},
       "appliedConditionalAccessPolicies":[]}
      """;

  /**
   * The Azure Monitor resource-log fields around a sign-in, as diagnostic settings stream them to
   * Event Hubs (the common top-level schema of Azure resource logs; {@code properties} is the Graph
   * signIn object).
   */
  private static final String DIAGNOSTIC =
      """
      {"time":"2024-05-02T19:15:41.6195833Z",
       "resourceId":"/tenants/3f5c1a2e-7d4b-4c1e-9a8f-0b1c2d3e4f50/providers/Microsoft.aadiam",
       "operationName":"Sign-in activity","operationVersion":"1.0","category":"SignInLogs",
       "tenantId":"3f5c1a2e-7d4b-4c1e-9a8f-0b1c2d3e4f50","resultType":"50126","resultSignature":"None",
       "resultDescription":"Invalid username or password or Invalid on-premise username or password.",
       "durationMs":0,"callerIpAddress":"203.0.113.20",
       "correlationId":"d79f5bee-5860-4832-928f-3133e22ae912","identity":"Ann Lee","Level":4,
       "location":"RO"}
      """;

  private EntraSignIns() {}

  /**
   * One diagnostic record (category SignInLogs) of the user's failed sign-in: the envelope fields
   * agree with its {@code properties}.
   */
  public static ObjectNode diagnosticRecord(String user, Instant time) {
    try {
      ObjectNode record = (ObjectNode) JSON.readTree(DIAGNOSTIC);
      record.put("time", time.toString());
      record.set("properties", failedSignIn(user, time));
      return record;
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An Event Hubs message of Azure Monitor: {@code {"records":[…]}}. */
  public static ObjectNode eventHubsMessage(ObjectNode... records) {
    ObjectNode message = JSON.createObjectNode();
    var array = message.putArray("records");
    for (ObjectNode record : records) {
      array.add(record);
    }
    return message;
  }

  /** A sign-in that failed with AADSTS50126 (invalid username or password). */
  public static ObjectNode failedSignIn(String user, Instant time) {
    return base(user, time);
  }

  public static ObjectNode successfulSignIn(String user, Instant time) {
    ObjectNode event = base(user, time);
    ObjectNode status = event.putObject("status");
    status.put("errorCode", 0);
    status.putNull("failureReason");
    status.putNull("additionalDetails");
    return event;
  }

  /** A sign-in with the given AADSTS code and Graph's failure reason text. */
  public static ObjectNode signInWithCode(long code, String failureReason) {
    ObjectNode event = base("ann@corp.example", Instant.parse("2024-05-02T19:15:41Z"));
    ObjectNode status = event.putObject("status");
    status.put("errorCode", code);
    status.put("failureReason", failureReason);
    return event;
  }

  /** The template as it is, 7 fractional digits and all. */
  public static ObjectNode sample() {
    try {
      return (ObjectNode) JSON.readTree(TEMPLATE);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode base(String user, Instant time) {
    ObjectNode event = sample();
    event.put(
        "id", UUID.nameUUIDFromBytes((user + time).getBytes(StandardCharsets.UTF_8)).toString());
    event.put("createdDateTime", time.toString());
    event.put("userPrincipalName", user);
    return event;
  }
}
