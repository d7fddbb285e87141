package io.sluice.streams.normalize.mimecast.impersonation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.schemas.FindingEvent;
import io.sluice.schemas.Severity;
import io.sluice.schemas.User;
import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.canonical.Text;
import io.sluice.streams.normalize.DlqReason;
import io.sluice.streams.normalize.FeedDescriptor;
import io.sluice.streams.normalize.FeedMapper;
import io.sluice.streams.normalize.Json;
import io.sluice.streams.normalize.Mapping;
import io.sluice.streams.normalize.RawEvent;
import io.sluice.streams.normalize.VendorTime;
import io.sluice.streams.normalize.mimecast.MimecastFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Mimecast TTP Impersonation Protect logs ({@code /api/ttp/impersonation/get-logs}, one element of
 * {@code data[].impersonationLogs[]} per raw record) → {@code canonical.finding}, keyed by the
 * targeted recipient. Mapping: docs/feeds/mimecast-ttp-impersonation.md.
 */
public final class MimecastImpersonationMapper implements FeedMapper {
  public static final FeedDescriptor FEED =
      new FeedDescriptor(
          "mimecast.ttp-impersonation",
          "raw.mimecast.ttp-impersonation",
          "Mimecast",
          "Mimecast Email Security",
          "ttp-impersonation",
          List.of("eventTime"));

  public static final String FINDING_TYPE = "impersonation";

  /** Title when the record names no policy definition. */
  public static final String DEFAULT_TITLE = "Mimecast Impersonation Protect";

  /**
   * Fields read into canonical fields. {@code impersonationResults} is read for indicators but also
   * kept whole in unmapped (its similarity details have no canonical home); so are {@code hits} and
   * {@code taggedExternal}.
   */
  private static final Set<String> MAPPED =
      Set.of(
          "id",
          "eventTime",
          "recipientAddress",
          "senderAddress",
          "senderIpAddress",
          "definition",
          "identifiers",
          "taggedMalicious",
          "action",
          "messageId",
          "subject");

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
    VendorTime.Read time = VendorTime.read(json, "eventTime");
    if (time.rejection() != null) {
      return Mapping.rejected(time.rejection());
    }
    User recipient =
        MimecastFields.user(MimecastFields.address(Json.text(json, "recipientAddress")));
    if (recipient == null) {
      return Mapping.rejected(DlqReason.missingField("recipientAddress"));
    }
    Map<String, String> unmapped = Json.unmappedExcept(json, MAPPED);
    Boolean malicious = Json.bool(json, "taggedMalicious");
    String definition = Json.cleanText(json, "definition");
    List<String> indicators = new ArrayList<>();
    addTexts(indicators, Json.at(json, "identifiers"), null);
    addTexts(indicators, Json.at(json, "impersonationResults"), "impersonationDomainSource");
    String srcIp =
        MimecastFields.ip("senderIpAddress", Json.cleanText(json, "senderIpAddress"), unmapped);
    FindingEvent value =
        FindingEvent.newBuilder()
            .setMetadata(event.metadata(FEED, time.instant(), Json.text(json, "id"), unmapped))
            .setTitle(definition == null ? DEFAULT_TITLE : definition)
            .setFindingType(FINDING_TYPE)
            .setSeverity(severity(malicious))
            .setRecipient(recipient)
            .setSender(MimecastFields.address(Json.text(json, "senderAddress")))
            .setIndicators(indicators)
            .setIsMalicious(malicious)
            .setAction(Json.cleanText(json, "action"))
            .setMessageId(Json.cleanText(json, "messageId"))
            .setSubject(Json.cleanText(json, "subject"))
            .setSrcIp(srcIp)
            .build();
    return Mapping.mapped(CanonicalClass.FINDING, recipient.getName(), value);
  }

  /**
   * Sluice's own severity (Mimecast gives none): HIGH when Mimecast tagged the message malicious,
   * MEDIUM otherwise — an impersonation hit is worth a look even when not tagged.
   */
  public static Severity severity(Boolean taggedMalicious) {
    return Boolean.TRUE.equals(taggedMalicious) ? Severity.HIGH : Severity.MEDIUM;
  }

  /**
   * Adds the text items of an array (or, with {@code field}, that field of each object item) to
   * {@code out}, cleaned and without repeats.
   */
  public static void addTexts(List<String> out, JsonNode array, String field) {
    if (array == null || !array.isArray()) {
      return;
    }
    for (JsonNode item : array) {
      String text;
      if (field == null) {
        text = item.isValueNode() && !item.isNull() ? item.asText() : null;
      } else {
        text = Json.text(item, field);
      }
      String clean = Text.clean(text, 128);
      if (clean != null && !clean.isBlank() && !out.contains(clean)) {
        out.add(clean);
      }
    }
  }
}
