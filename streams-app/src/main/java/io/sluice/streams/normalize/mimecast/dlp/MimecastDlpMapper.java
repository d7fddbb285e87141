package io.sluice.streams.normalize.mimecast.dlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.schemas.DataSecurityEvent;
import io.sluice.schemas.Direction;
import io.sluice.schemas.DlpAction;
import io.sluice.schemas.EventMetadata;
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
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Mimecast DLP logs ({@code POST /api/dlp/get-logs}, one element of {@code data[].dlpLogs[]} per
 * raw record) → {@code canonical.data-security}, keyed by the internal party: the sender of
 * outbound and internal mail, the (first) recipient of inbound mail. Keying inbound mail by its
 * sender made {@code dlp.repeat-violations} profile outsiders who happened to send a matching
 * message. Value tables: docs/feeds/mimecast-dlp.md.
 */
public final class MimecastDlpMapper implements FeedMapper {
  public static final FeedDescriptor FEED =
      new FeedDescriptor(
          "mimecast.dlp",
          "raw.mimecast.dlp",
          "Mimecast",
          "Mimecast Email Security",
          "dlp",
          List.of("eventTime"));

  private static final Set<String> MAPPED =
      Set.of(
          "senderAddress",
          "recipientAddress",
          "subject",
          "eventTime",
          "route",
          "policy",
          "action",
          "messageId");

  @Override
  public FeedDescriptor descriptor() {
    return FEED;
  }

  @Override
  public Set<CanonicalClass> outputs() {
    return Set.of(CanonicalClass.DATA_SECURITY);
  }

  @Override
  public Mapping map(RawEvent event) {
    ObjectNode json = event.json();
    VendorTime.Read time = VendorTime.read(json, "eventTime");
    if (time.isRejected()) {
      return Mapping.rejected(time.rejection());
    }
    String senderText = Json.text(json, "senderAddress");
    if (senderText == null || senderText.isBlank()) {
      return Mapping.rejected(DlqReason.missingField("senderAddress"));
    }
    // "<>" (bounces, system mail) is a real sender value with no user behind it: key null
    String sender = Addresses.address(senderText);
    Addresses.Recipients recipients = Addresses.recipients(json.get("recipientAddress"));
    String action = Json.text(json, "action");
    String route = Json.text(json, "route");
    DlpAction dlpAction = MimecastDlpValues.action(action);
    Direction direction = MimecastDlpValues.direction(route);

    Map<String, String> unmapped = Json.unmappedExcept(json, MAPPED);
    boolean inbound = direction == Direction.INBOUND;
    // inbound mail: the internal party is the recipient; the outside sender has no canonical home
    String party = inbound ? first(recipients.addresses()) : sender;
    if (sender == null || inbound) {
      unmapped.put("senderAddress", senderText);
    }
    if (!recipients.complete()) {
      unmapped.put("recipientAddress", Json.compact(json.get("recipientAddress")));
    }
    if (dlpAction == DlpAction.OTHER) {
      unmapped.put("action", action);
    }
    if (route != null && direction == Direction.UNKNOWN) {
      unmapped.put("route", route);
    }
    keepUnreadable(json, unmapped, "subject", "policy", "messageId", "action", "route");

    EventMetadata metadata = event.metadata(FEED, time.instant(), null, unmapped);
    DataSecurityEvent dlp =
        DataSecurityEvent.newBuilder()
            .setMetadata(metadata)
            .setUser(
                User.newBuilder()
                    .setName(party)
                    .setEmail(party != null && party.contains("@") ? party : null)
                    .setVip(false)
                    .build())
            .setRecipients(recipients.addresses())
            .setPolicy(Text.clean(Json.text(json, "policy"), 256))
            .setAction(dlpAction)
            .setDirection(direction)
            .setMessageId(Text.clean(Json.text(json, "messageId"), 998))
            .setSubject(Text.clean(Json.text(json, "subject")))
            .build();
    return Mapping.mapped(CanonicalClass.DATA_SECURITY, party, dlp);
  }

  private static String first(List<String> addresses) {
    return addresses.isEmpty() ? null : addresses.get(0);
  }

  /** A consumed field whose value was an object or array, not text: kept rather than lost. */
  private static void keepUnreadable(
      ObjectNode json, Map<String, String> unmapped, String... fields) {
    for (String field : fields) {
      JsonNode value = json.get(field);
      if (value != null && !value.isNull() && !value.isValueNode()) {
        unmapped.put(field, Json.compact(value));
      }
    }
  }
}
