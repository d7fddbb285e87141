package io.sluice.streams.normalize.crowdstrike;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.schemas.Device;
import io.sluice.schemas.EventMetadata;
import io.sluice.schemas.FileInfo;
import io.sluice.schemas.FindingEvent;
import io.sluice.schemas.Severity;
import io.sluice.schemas.User;
import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.canonical.Text;
import io.sluice.streams.normalize.DlqReason;
import io.sluice.streams.normalize.FeedDescriptor;
import io.sluice.streams.normalize.FeedMapper;
import io.sluice.streams.normalize.IpLiterals;
import io.sluice.streams.normalize.Json;
import io.sluice.streams.normalize.Mapping;
import io.sluice.streams.normalize.RawEvent;
import io.sluice.streams.normalize.VendorTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * CrowdStrike Falcon alerts ({@code POST /alerts/combined/alerts/v1}, one element of {@code
 * resources[]} per raw record) → {@code canonical.finding}, for every product the API returns
 * (endpoint, identity protection, on-demand scan, automated leads, NG-SIEM correlation detections
 * with third-party sources). Value tables: docs/feeds/crowdstrike-alerts.md.
 *
 * <p>A Falcon finding has no e-mail recipient: {@code recipient} stays null and the account goes to
 * {@code user}. The record key is the primary entity ({@link FalconEntity}): the user when the
 * alert names one, else the host, else the alert id, so a valid alert is never dead-lettered for
 * lacking a user, and a user's Falcon alerts meet their sign-ins and clicks under one key.
 */
public final class CrowdStrikeAlertMapper implements FeedMapper {
  public static final FeedDescriptor FEED =
      new FeedDescriptor(
          "crowdstrike.alerts",
          "raw.crowdstrike.alerts",
          "CrowdStrike",
          "Falcon",
          "alerts",
          List.of("timestamp", "created_timestamp"));

  static final String UNTITLED = "Falcon alert";

  /** Fields read into canonical fields; the rest of the record is kept in {@code unmapped}. */
  private static final Set<String> MAPPED =
      Set.of(
          "composite_id",
          "id",
          "timestamp",
          "created_timestamp",
          "display_name",
          "name",
          "description",
          "severity",
          "severity_name",
          "tactic_id",
          "technique_id",
          "device",
          "user_name",
          "user_id",
          "filename",
          "filepath",
          "sha256",
          "md5",
          "alleged_filetype",
          "confidence",
          "pattern_disposition_description",
          "falcon_host_link");

  private static final Set<String> DEVICE_MAPPED =
      Set.of("hostname", "device_id", "local_ip", "external_ip", "platform_name", "os_version");

  private static final Pattern INTEGER = Pattern.compile("-?\\d{1,9}");
  private static final int MAX_IDS = 32;

  @Override
  public FeedDescriptor descriptor() {
    return FEED;
  }

  @Override
  public Set<CanonicalClass> outputs() {
    return Set.of(CanonicalClass.FINDING);
  }

  @Override
  public Mapping map(RawEvent event) {
    ObjectNode json = event.json();
    // When the detection happened; created_timestamp (when Falcon raised the alert) only as
    // fallback.
    VendorTime.Read time = VendorTime.read(json, "timestamp", "created_timestamp");
    if (time.isRejected()) {
      return Mapping.rejected(time.rejection());
    }
    JsonNode deviceNode = Json.at(json, "device");
    ObjectNode device = deviceNode instanceof ObjectNode o ? o : null;
    FalconEntity entity = FalconEntity.of(json, device);
    if (entity.key() == null) {
      return Mapping.rejected(
          new DlqReason(
              "missing_field:composite_id",
              "the alert names no user, no host and has no alert id (composite_id, id)"));
    }
    Map<String, String> unmapped = Json.unmappedExcept(json, MAPPED);
    keepDevice(deviceNode, unmapped);
    String vendorUid = Json.cleanText(json, "composite_id");
    if (vendorUid == null) {
      vendorUid = Json.cleanText(json, "id");
    } else {
      keep(unmapped, "id", Json.text(json, "id"));
    }
    if (Json.text(json, "timestamp") != null) {
      // the detection time was used; keep when Falcon raised the alert
      keep(unmapped, "created_timestamp", Json.text(json, "created_timestamp"));
    }
    EventMetadata metadata = event.metadata(FEED, time.instant(), vendorUid, unmapped);
    FindingEvent value =
        FindingEvent.newBuilder()
            .setMetadata(metadata)
            .setTitle(title(json, unmapped))
            .setDescription(Json.cleanText(json, "description"))
            .setFindingType(FalconProducts.findingType(Json.text(json, "product")))
            .setSeverity(severity(json, unmapped))
            .setUser(entity.user() == null ? null : user(json, entity.user()))
            .setRecipient(null)
            .setHost(host(device, entity.hostname()))
            .setFile(file(json))
            .setTactics(ids(json, "tactic_id", "tactic"))
            .setTechniques(ids(json, "technique_id", "technique"))
            .setSrcIp(IpLiterals.orNull(Json.cleanText(json, "source_endpoint_address_ip4")))
            .setConfidence(confidence(json, unmapped))
            .setAction(Json.cleanText(json, "pattern_disposition_description"))
            .setLink(Json.cleanText(json, "falcon_host_link"))
            .build();
    return Mapping.mapped(CanonicalClass.FINDING, entity.key(), value);
  }

  /** {@code display_name}, else {@code name}; an untitled alert still maps, under a fixed title. */
  private static String title(ObjectNode json, Map<String, String> unmapped) {
    String display = Json.cleanText(json, "display_name");
    String name = Json.cleanText(json, "name");
    if (display != null) {
      keep(unmapped, "name", name);
      return display;
    }
    return name != null ? name : UNTITLED;
  }

  /**
   * A known {@code severity_name} wins; otherwise the band of the {@code severity} score; neither →
   * UNKNOWN. Values the tables do not know are kept in {@code unmapped} under their field names;
   * the score is always kept there too, being finer than the canonical enum.
   */
  private static Severity severity(ObjectNode json, Map<String, String> unmapped) {
    String label = Json.cleanText(json, "severity_name");
    Optional<Severity> byLabel = FalconSeverity.ofLabel(label);
    if (label != null && byLabel.isEmpty()) {
      unmapped.put("severity_name", label);
    }
    String scoreText = Json.cleanText(json, "severity");
    Optional<Long> score = integer(scoreText);
    Optional<Severity> byScore = score.flatMap(FalconSeverity::ofScore);
    keep(unmapped, "severity", scoreText);
    return byLabel.or(() -> byScore).orElse(Severity.UNKNOWN);
  }

  private static Integer confidence(ObjectNode json, Map<String, String> unmapped) {
    String text = Json.cleanText(json, "confidence");
    Optional<Long> value = integer(text).filter(v -> v >= 0 && v <= 100);
    if (text != null && value.isEmpty()) {
      unmapped.put("confidence", text);
    }
    return value.map(Long::intValue).orElse(null);
  }

  private static User user(ObjectNode json, String userName) {
    return User.newBuilder()
        .setName(userName)
        .setEmail(userName.contains("@") ? userName : null)
        .setUid(Json.cleanText(json, "user_id"))
        .setVip(false)
        .build();
  }

  /** The device, with the host name from the alert's other host fields when the device lacks it. */
  private static Device host(ObjectNode device, String hostname) {
    if (device == null) {
      return hostname == null ? null : Device.newBuilder().setHostname(hostname).build();
    }
    String os = Json.cleanText(device, "os_version");
    return Device.newBuilder()
        .setHostname(hostname)
        .setUid(Json.cleanText(device, "device_id"))
        .setIp(Json.cleanText(device, "local_ip"))
        .setExternalIp(Json.cleanText(device, "external_ip"))
        .setOs(os != null ? os : Json.cleanText(device, "platform_name"))
        .build();
  }

  private static FileInfo file(ObjectNode json) {
    String name = Json.cleanText(json, "filename");
    String path = Json.cleanText(json, "filepath");
    String sha256 = hash(Json.cleanText(json, "sha256"));
    String md5 = hash(Json.cleanText(json, "md5"));
    if (name == null && path == null && sha256 == null && md5 == null) {
      return null;
    }
    return FileInfo.newBuilder()
        .setName(name)
        .setPath(path)
        .setSha256(sha256)
        .setMd5(md5)
        .setType(Json.cleanText(json, "alleged_filetype"))
        .build();
  }

  private static String hash(String value) {
    return value == null ? null : value.toLowerCase(Locale.ROOT);
  }

  /**
   * Tactic or technique ids as Falcon sends them (ATT&CK {@code TA0006}/{@code T1110}, or Falcon's
   * own {@code CSTA0004}/{@code CST0000}); the name only when there is no id. A single string or an
   * array of strings.
   */
  private static List<String> ids(ObjectNode json, String idField, String nameField) {
    List<String> ids = strings(json.get(idField));
    if (ids.isEmpty()) {
      ids = fromMitreAttack(json.get("mitre_attack"), idField);
    }
    return ids.isEmpty() ? strings(json.get(nameField)) : ids;
  }

  /**
   * The ids in {@code mitre_attack[]} (automated leads and NG-SIEM detections carry their ATT&CK
   * mapping there instead of top-level {@code tactic_id}/{@code technique_id}), without repeats.
   */
  private static List<String> fromMitreAttack(JsonNode mitre, String idField) {
    List<String> out = new ArrayList<>();
    if (mitre == null || !mitre.isArray()) {
      return out;
    }
    for (JsonNode item : mitre) {
      JsonNode id = item.get(idField);
      if (id != null && out.size() < MAX_IDS) {
        List<String> one = new ArrayList<>();
        addText(one, id);
        one.stream().filter(v -> !out.contains(v)).forEach(out::add);
      }
    }
    return out;
  }

  private static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node == null) {
      return out;
    }
    if (node.isArray()) {
      for (JsonNode item : node) {
        if (out.size() >= MAX_IDS) {
          break;
        }
        addText(out, item);
      }
    } else {
      addText(out, node);
    }
    return out;
  }

  private static void addText(List<String> out, JsonNode node) {
    if (node.isTextual() && !node.textValue().isBlank()) {
      out.add(Text.clean(node.textValue().strip(), 128));
    }
  }

  /** Device fields with no canonical home are kept as {@code device.<field>}. */
  private static void keepDevice(JsonNode device, Map<String, String> unmapped) {
    if (device == null) {
      return;
    }
    if (!device.isObject()) {
      unmapped.put("device", Json.unmappedText(device));
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = device.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode value = field.getValue();
      if (DEVICE_MAPPED.contains(field.getKey()) || value.isNull()) {
        continue;
      }
      unmapped.put("device." + field.getKey(), Json.unmappedText(value));
    }
    // both OS fields are read, but only one lands in host.os: keep the platform when the version
    // won
    if (Json.text(device, "os_version") != null) {
      keep(unmapped, "device.platform_name", Json.text(device, "platform_name"));
    }
  }

  private static Optional<Long> integer(String text) {
    if (text == null || !INTEGER.matcher(text).matches()) {
      return Optional.empty();
    }
    return Optional.of(Long.parseLong(text));
  }

  private static void keep(Map<String, String> unmapped, String field, String value) {
    if (value != null) {
      unmapped.put(field, value);
    }
  }
}
