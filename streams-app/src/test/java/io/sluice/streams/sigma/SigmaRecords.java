package io.sluice.streams.sigma;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.streams.normalize.entra.EntraSignIns;
import io.sluice.streams.normalize.mimecast.MimecastRecords;
import io.sluice.streams.testing.OktaEvents;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * Raw vendor records as they sit on the raw topics (the feeds' own test records where they fit;
 * field names as the vendors send them, values made up), and small helpers to load Sigma rules.
 */
final class SigmaRecords {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SigmaRecords() {}

  /** An Okta System Log event: Ann's failed sign-in ({@code user.session.start}). */
  static ObjectNode oktaFailedLogin() {
    return OktaEvents.failedLogin("ann@corp.example", Instant.parse("2024-05-02T20:18:57.718Z"));
  }

  /** An Okta {@code policy.evaluate_sign_on} into the Admin Console, Okta's behaviours attached. */
  static ObjectNode oktaAdminConsoleSignOn(String behaviors) {
    ObjectNode event = oktaFailedLogin();
    event.put("eventType", "policy.evaluate_sign_on");
    event.put("legacyEventType", "app.oauth2.authorize.policy_evaluation");
    event.put("displayMessage", "Evaluation of sign-on policy");
    event.putObject("outcome").put("result", "ALLOW");
    ObjectNode debugData = (ObjectNode) event.path("debugContext").path("debugData");
    debugData.put("behaviors", behaviors);
    debugData.put(
        "logOnlySecurityData",
        "{\"risk\":{\"level\":\"LOW\"},\"behaviors\":{\"New IP\":\"NEGATIVE\"}}");
    event.set(
        "target",
        parseAny(
            """
            [{"id":"0oa1gkh63g214r0Hq0g4","type":"AppInstance","alternateId":"Okta Admin Console",
              "displayName":"Okta Admin Console","detailEntry":null},
             {"id":"rul1gkh63g214r0Hq0g5","type":"Rule","alternateId":"unknown",
              "displayName":"Catch-all Rule","detailEntry":null}]
            """));
    return event;
  }

  /**
   * A Microsoft Graph {@code signIn}, as {@code raw.entra.signins} holds: failed with 50126, one
   * conditional-access policy applied.
   */
  static ObjectNode entraFailedSignIn() {
    ObjectNode event = EntraSignIns.sample();
    event.set(
        "appliedConditionalAccessPolicies",
        parseAny(
            """
            [{"id":"6e5fa2b6-1a0c-4b24-b9d2-5d4aef2b1d21","displayName":"Require MFA for admins",
              "enforcedGrantControls":["Mfa"],"enforcedSessionControls":[],"result":"notApplied"}]
            """));
    return event;
  }

  /** A successful Graph sign-in (error code 0). */
  static ObjectNode entraSuccessfulSignIn() {
    ObjectNode event = entraFailedSignIn();
    ObjectNode status = event.putObject("status");
    status.put("errorCode", 0);
    status.putNull("failureReason");
    status.putNull("additionalDetails");
    return event;
  }

  /**
   * The same failed sign-in as an Azure Monitor diagnostic setting exports it: the Graph fields
   * under {@code properties}, Azure Monitor's columns around them.
   */
  static ObjectNode entraSignInAsAzureMonitorExport() {
    ObjectNode envelope =
        parse(
            """
            {"time":"2024-05-02T19:15:41.6195833Z",
             "resourceId":"/tenants/72f988bf-86f1-41af-91ab-2d7cd011db47/providers/Microsoft.aadiam",
             "operationName":"Sign-in activity","operationVersion":"1.0","category":"SignInLogs",
             "tenantId":"72f988bf-86f1-41af-91ab-2d7cd011db47","resultType":"50126",
             "resultSignature":"None","resultDescription":"Invalid username or password",
             "durationMs":0,"callerIpAddress":"203.0.113.20",
             "correlationId":"d79f5bee-5860-4832-928f-3133e22ae912","identity":"Ann Lee",
             "Level":4,"location":"RO"}
            """);
    envelope.set("properties", entraFailedSignIn());
    return envelope;
  }

  /** A CrowdStrike Falcon alert (one element of {@code resources[]}) on Ann's workstation. */
  static ObjectNode falconAlert() {
    return parse(
        """
        {"composite_id":"9201ab12cd34:ind:2ce412d17b334ad4adc8c1c54dbfec4b:399748687993-5761-42627600",
         "id":"ind:2ce412d17b334ad4adc8c1c54dbfec4b:399748687993-5761-42627600",
         "agent_id":"2ce412d17b334ad4adc8c1c54dbfec4b","cid":"9201ab12cd34","product":"epp","type":"ldt",
         "name":"PowerShellEncodedCommand","display_name":"Encoded PowerShell command line",
         "description":"A process launched PowerShell with an encoded command.",
         "severity":70,"severity_name":"High","confidence":80,"status":"new",
         "tactic":"Execution","tactic_id":"TA0002","technique":"PowerShell","technique_id":"T1059.001",
         "pattern_disposition":0,"pattern_disposition_description":"Detection, standard detection.",
         "filename":"powershell.exe",
         "filepath":"\\\\Device\\\\HarddiskVolume3\\\\Windows\\\\System32\\\\WindowsPowerShell\\\\v1.0\\\\powershell.exe",
         "cmdline":"powershell.exe -NoProfile -EncodedCommand SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAKQA=",
         "sha256":"B26A6791B72753D2317EFD5E1363D93FDD33E611C8B9E08A3B24EA4D755B81FD",
         "user_name":"CORP\\\\ann","user_id":"S-1-5-21-1909377054-3469629671-4104191496-4425",
         "device":{"device_id":"2ce412d17b334ad4adc8c1c54dbfec4b","hostname":"WS-1175","local_ip":"10.0.0.5",
                   "external_ip":"81.2.69.142","platform_name":"Windows","os_version":"Windows 11"},
         "parent_details":{"filename":"cmd.exe","cmdline":"C:\\\\WINDOWS\\\\system32\\\\cmd.exe /c run.bat"},
         "timestamp":"2024-05-02T18:00:22.328Z","created_timestamp":"2024-05-02T18:01:23.995794943Z"}
        """);
  }

  /** A Mimecast TTP URL Protect click log (one element of {@code data[].clickLogs[]}). */
  static ObjectNode mimecastClick() {
    return MimecastRecords.ttpUrlClick();
  }

  static ObjectNode parse(String json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode parseAny(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One Okta detection rule around a detection block (indented as under {@code detection:}). */
  static SigmaDetectionRule oktaRule(String detection) {
    return rule("okta", "okta", detection);
  }

  /** One detection rule of the feed named by product/service, around a detection block. */
  static SigmaDetectionRule rule(String product, String service, String detection) {
    String text =
        """
        title: Test rule
        id: 6f1f0f5e-0c5e-4a8e-9d1e-3c2b1a000001
        logsource:
          product: %s
          service: %s
        detection:
        %s
        level: medium
        """
            .formatted(product, service, detection.stripTrailing().indent(2).stripTrailing());
    return new SigmaLoader().parse("test.yml", text).detectionRules().get(0);
  }
}
