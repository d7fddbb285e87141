package io.sluice.streams.normalize.crowdstrike;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * Realistic Falcon alerts (one element of {@code resources[]} of {@code POST
 * /alerts/combined/alerts/v1}; field names as the API returns them for each product, values made
 * up), with just the knobs the tests turn.
 */
public final class FalconAlerts {
  private static final ObjectMapper JSON = new ObjectMapper();

  static final String COMPOSITE_ID =
      "9201ab12cd34:ind:2ce412d17b334ad4adc8c1c54dbfec4b:399748687993-5761-42627600";

  private static final String TEMPLATE =
      """
      {"composite_id":"9201ab12cd34:ind:2ce412d17b334ad4adc8c1c54dbfec4b:399748687993-5761-42627600",
       "id":"ind:2ce412d17b334ad4adc8c1c54dbfec4b:399748687993-5761-42627600",
       "agent_id":"2ce412d17b334ad4adc8c1c54dbfec4b","cid":"9201ab12cd34","product":"epp","type":"ldt",
       "name":"PrewittPupAdwareSensorDetect-Lowest","display_name":"Adware/PUP detected (lowest confidence)",
       "description":"This file meets the Adware/PUP Anti-malware ML algorithm's lowest-confidence threshold.",
       "severity":30,"severity_name":"Low","confidence":10,"status":"new",
       "tactic":"Machine Learning","tactic_id":"CSTA0004","technique":"Adware/PUP","technique_id":"CST0000",
       "pattern_disposition":2176,
       "pattern_disposition_description":"Prevention/Quarantine, process was blocked from execution and quarantine was attempted.",
       "filename":"setup.exe",
       "filepath":"\\\\Device\\\\HarddiskVolume3\\\\Users\\\\ann\\\\Downloads\\\\setup.exe",
       "cmdline":"\\"C:\\\\Users\\\\ann\\\\Downloads\\\\setup.exe\\"",
       "sha256":"B26A6791B72753D2317EFD5E1363D93FDD33E611C8B9E08A3B24EA4D755B81FD",
       "md5":"cdf9cfebb400ce89d5b6032bfcdc693b","alleged_filetype":"exe",
       "user_name":"Ann","user_id":"S-1-5-21-1909377054-3469629671-4104191496-4425",
       "device":{"device_id":"2ce412d17b334ad4adc8c1c54dbfec4b","hostname":"WS-1175","local_ip":"10.0.0.5",
                 "external_ip":"81.2.69.142","platform_name":"Windows","os_version":"Windows 11",
                 "agent_version":"7.04.17605.0"},
       "parent_details":{"filename":"explorer.exe","cmdline":"C:\\\\WINDOWS\\\\Explorer.EXE",
                         "sha256":"0b25d56bd2b4d8a6df45beff7be165117fbf7ba6ba2c07744f039143866335e4"},
       "timestamp":"2024-05-02T18:00:22.328Z","created_timestamp":"2024-05-02T18:01:23.995794943Z",
       "updated_timestamp":"2024-05-02T19:00:23.985007341Z",
       "falcon_host_link":"https://falcon.crowdstrike.com/activity-v2/detections/9201ab12cd34:ind:2ce412d17b334ad4adc8c1c54dbfec4b:399748687993-5761-42627600"}
      """;

  private FalconAlerts() {}

  /** The Adware/PUP alert above for the user on host WS-1175, detected at the time. */
  public static ObjectNode adwareAlert(String user, Instant time) {
    ObjectNode alert = sample();
    alert.put("user_name", user);
    alert.put("timestamp", time.toString());
    return alert;
  }

  /** An ATT&CK-mapped high-severity alert with no user: keyed by the host. */
  public static ObjectNode hostOnlyAlert(String hostname, Instant time) {
    ObjectNode alert = sample();
    alert.remove("user_name");
    alert.remove("user_id");
    alert.put("timestamp", time.toString());
    alert.put("severity", 70);
    alert.put("severity_name", "High");
    alert.put("tactic", "Execution");
    alert.put("tactic_id", "TA0002");
    alert.put("technique", "Command and Scripting Interpreter");
    alert.put("technique_id", "T1059");
    ((ObjectNode) alert.get("device")).put("hostname", hostname);
    return alert;
  }

  /**
   * A Falcon Identity Protection alert ({@code product} idp): the account is {@code
   * source_account_name} (a bare account name, no domain), the endpoint {@code
   * source_endpoint_host_name}; no {@code device}, no {@code user_name}.
   */
  public static ObjectNode identityAlert(String account, Instant time) {
    ObjectNode alert =
        parse(
            """
            {"composite_id":"9201ab12cd34:ind:9201ab12cd34:5f1e2d3c-idp-0001",
             "id":"ind:9201ab12cd34:5f1e2d3c-idp-0001","cid":"9201ab12cd34","product":"idp",
             "type":"idp-user-endpoint-app-info","name":"UnusualLogin",
             "display_name":"Unusual login to an endpoint",
             "description":"A user logged in to a machine for the first time",
             "severity":50,"severity_name":"Medium","tactic":"Initial Access","tactic_id":"TA0001",
             "technique":"Valid Accounts","technique_id":"T1078",
             "source_account_name":"admin.abcdef","source_account_domain":"CORP.EXAMPLE",
             "source_endpoint_host_name":"SRV-DC01","source_endpoint_address_ip4":"10.0.0.17",
             "timestamp":"2024-05-02T18:00:22.328Z","created_timestamp":"2024-05-02T18:01:00Z",
             "falcon_host_link":"https://falcon.crowdstrike.com/identity-protection/detections/x"}
            """);
    alert.put("source_account_name", account);
    alert.put("timestamp", time.toString());
    return alert;
  }

  /**
   * An automated lead ({@code product} automated-lead): no user, a {@code device} without a host
   * name, the host inside {@code threatgraph_indicators[]}, ATT&CK ids in {@code mitre_attack[]}, a
   * {@code score} instead of a severity.
   */
  public static ObjectNode automatedLead(String hostname, Instant time) {
    ObjectNode lead =
        parse(
            """
            {"composite_id":"9201ab12cd34:automated-lead:9201ab12cd34:7c7c7c7c7c7c",
             "id":"automated-lead:9201ab12cd34:7c7c7c7c7c7c","cid":"9201ab12cd34",
             "agent_id":"2ce412d17b334ad4adc8c1c54dbfec4b","product":"automated-lead",
             "type":"automated-lead","lead_id":"7c7c7c7c7c7c","lead_type":"simple",
             "device":{"device_id":"2ce412d17b334ad4adc8c1c54dbfec4b"},
             "name":"WS-1175 at 2024-05-02T17:58:00Z","display_name":"WS-1175 at 2024-05-02T17:58:00Z",
             "score":21,"status":"new","source_products":["Automated Leads"],
             "source_vendors":["CrowdStrike"],
             "mitre_attack":[{"pattern_id":6004},
                             {"pattern_id":6017,"tactic_id":"TA0002","technique_id":"T1203",
                              "tactic":"Execution","technique":"Exploitation for Client Execution"}],
             "threatgraph_indicators":[{"display_name":"ReconUnderWebService","hostname":"WS-1175",
                                        "host_id":"2ce412d17b334ad4adc8c1c54dbfec4b"}],
             "timestamp":"2024-05-02T18:00:22Z","updated_timestamp":"2024-05-02T18:05:00Z"}
            """);
    ((ObjectNode) lead.get("threatgraph_indicators").get(0)).put("hostname", hostname);
    lead.put("timestamp", time.toString());
    return lead;
  }

  /**
   * An NG-SIEM correlation detection ({@code product} ngsiem) raised on third-party data: users in
   * {@code user_names[]}, hosts in {@code host_names[]}, the sources in {@code source_products}.
   */
  public static ObjectNode correlationDetection(
      List<String> users, List<String> hosts, Instant time) {
    ObjectNode detection =
        parse(
            """
            {"composite_id":"9201ab12cd34:ngsiem:9201ab12cd34:0a0b0c0d","cid":"9201ab12cd34",
             "id":"ngsiem:9201ab12cd34:0a0b0c0d","product":"ngsiem","type":"correlation-detection",
             "name":"InboundThreatDetection","display_name":"Inbound threat detection",
             "severity":50,"severity_name":"Medium","mitre_attack":[],
             "source_products":["CorelightNdr"],"source_vendors":["Corelight"],
             "source_hosts":["scanner.example"],"source_ips":["198.51.100.10"],
             "timestamp":"2024-05-02T18:00:22Z","created_timestamp":"2024-05-02T18:00:30Z"}
            """);
    if (!users.isEmpty()) {
      var array = detection.putArray("user_names");
      users.forEach(array::add);
    }
    if (!hosts.isEmpty()) {
      var array = detection.putArray("host_names");
      hosts.forEach(array::add);
    }
    detection.put("timestamp", time.toString());
    return detection;
  }

  public static ObjectNode sample() {
    return parse(TEMPLATE);
  }

  private static ObjectNode parse(String json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
