package io.sluice.streams.normalize.crowdstrike;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.streams.canonical.Keys;
import io.sluice.streams.canonical.Text;
import io.sluice.streams.normalize.Json;
import java.util.List;

/**
 * Who or what a Falcon alert is about, across the products the alerts API returns
 * (docs/feeds/crowdstrike-alerts.md, "Entity"). Endpoint detections name the logged-on {@code
 * user_name} and {@code device.hostname}; identity-protection alerts name {@code
 * source_account_name} or {@code user_principal}; NG-SIEM correlation detections list {@code
 * user_names[]} and {@code host_names[]}; automated leads name no user and carry the host inside
 * {@code threatgraph_indicators[]}. The first field present, in the documented order, wins.
 *
 * @param user the account, normalised ({@link Keys#normalize}); null when the alert names none
 * @param hostname the host name as sent (cleaned); null when the alert names none
 * @param key the record key: the user, else the lower-cased host, else the alert id
 */
record FalconEntity(String user, String hostname, String key) {

  /** Scalar fields naming the user, in order of precedence ({@code user_names[]} is second). */
  private static final List<String> USER_FIELDS =
      List.of("user_name", "user_names", "user_principal", "source_account_name");

  private static final List<String> HOST_FIELDS =
      List.of("host_names", "threatgraph_indicators", "source_endpoint_host_name");

  static FalconEntity of(ObjectNode json, ObjectNode device) {
    String user = null;
    for (String field : USER_FIELDS) {
      user = Keys.normalize(Text.clean(first(json.get(field), null)));
      if (user != null) {
        break;
      }
    }
    String hostname = device == null ? null : Json.cleanText(device, "hostname");
    for (int i = 0; hostname == null && i < HOST_FIELDS.size(); i++) {
      String field = HOST_FIELDS.get(i);
      String text =
          "threatgraph_indicators".equals(field)
              ? first(json.get(field), "hostname")
              : first(json.get(field), null);
      hostname = Text.clean(text == null || text.isBlank() ? null : text.strip());
    }
    String key = user;
    if (key == null) {
      key = Keys.normalize(hostname);
    }
    if (key == null) {
      String id = Json.cleanText(json, "composite_id");
      key = Keys.normalize(id != null ? id : Json.cleanText(json, "id"));
    }
    return new FalconEntity(user, hostname, key);
  }

  /**
   * The text of a scalar, or of the first array element with text (with {@code field}: that field
   * of the first object element that has it).
   */
  private static String first(JsonNode node, String field) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isArray()) {
      for (JsonNode item : node) {
        String text = field == null ? scalar(item) : Json.text(item, field);
        if (text != null && !text.isBlank()) {
          return text;
        }
      }
      return null;
    }
    return field == null ? scalar(node) : Json.text(node, field);
  }

  private static String scalar(JsonNode node) {
    return node.isTextual() && !node.textValue().isBlank() ? node.textValue() : null;
  }
}
