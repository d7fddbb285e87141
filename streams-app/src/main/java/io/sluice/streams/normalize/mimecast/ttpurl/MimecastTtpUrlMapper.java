package io.sluice.streams.normalize.mimecast.ttpurl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.schemas.Direction;
import io.sluice.schemas.EmailAction;
import io.sluice.schemas.EmailUrlEvent;
import io.sluice.schemas.User;
import io.sluice.schemas.Verdict;
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
import io.sluice.streams.normalize.mimecast.MimecastValues;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Mimecast TTP URL Protect logs ({@code /api/ttp/url/get-logs}, one element of {@code
 * data[].clickLogs[]} per raw record) → {@code canonical.email-url}, keyed by the clicking user.
 * Value tables: docs/feeds/mimecast-ttp-url.md.
 */
public final class MimecastTtpUrlMapper implements FeedMapper {
  public static final FeedDescriptor FEED =
      new FeedDescriptor(
          "mimecast.ttp-url",
          "raw.mimecast.ttp-url",
          "Mimecast",
          "Mimecast Email Security",
          "ttp-url",
          List.of("date"));

  /**
   * The action fields in order of precedence: {@code action} is what happened to this click; {@code
   * actions} is the policy's action, used when {@code action} is absent or "N/A"; {@code
   * userAwarenessAction} only when neither is there. The ones not used stay in unmapped.
   */
  static final List<String> ACTION_FIELDS = List.of("action", "actions", "userAwarenessAction");

  /** Fields read into canonical fields (the action fields are handled separately). */
  private static final Set<String> MAPPED =
      Set.of(
          "date",
          "userEmailAddress",
          "url",
          "creationMethod",
          "scanResult",
          "category",
          "messageId",
          "fromUserEmailAddress",
          "subject",
          "sendingIp",
          "route");

  @Override
  public FeedDescriptor descriptor() {
    return FEED;
  }

  @Override
  public Set<CanonicalClass> outputs() {
    return Set.of(CanonicalClass.EMAIL_URL);
  }

  @Override
  public Mapping map(RawEvent event) {
    ObjectNode json = event.json();
    VendorTime.Read time = VendorTime.read(json, "date");
    if (time.rejection() != null) {
      return Mapping.rejected(time.rejection());
    }
    User user = MimecastFields.user(MimecastFields.address(Json.text(json, "userEmailAddress")));
    if (user == null) {
      return Mapping.rejected(DlqReason.missingField("userEmailAddress"));
    }
    Map<String, String> unmapped = Json.unmappedExcept(json, MAPPED);
    String creationMethod = Json.text(json, "creationMethod");
    Boolean click = TtpUrlClicks.isClick(creationMethod);
    if (click == null && creationMethod != null) {
      unmapped.put("creationMethod", creationMethod);
    }
    String url = Json.text(json, "url");
    // value tables first: they add what they do not know to unmapped, before metadata is built
    Verdict verdict = MimecastFields.verdict("scanResult", Json.text(json, "scanResult"), unmapped);
    EmailAction action = action(json, unmapped);
    Direction direction = MimecastFields.direction("route", Json.text(json, "route"), unmapped);
    String srcIp = MimecastFields.ip("sendingIp", Json.cleanText(json, "sendingIp"), unmapped);
    EmailUrlEvent value =
        EmailUrlEvent.newBuilder()
            .setMetadata(event.metadata(FEED, time.instant(), null, unmapped))
            .setUser(user)
            .setUrl(url == null ? null : Text.clean(url, 4096))
            .setUrlDomain(MimecastFields.urlDomain(url))
            .setIsClick(Boolean.TRUE.equals(click))
            .setVerdict(verdict)
            .setAction(action)
            .setCategory(Json.cleanText(json, "category"))
            .setMessageId(Json.cleanText(json, "messageId"))
            .setSender(MimecastFields.address(Json.text(json, "fromUserEmailAddress")))
            .setSubject(Json.cleanText(json, "subject"))
            .setSrcIp(srcIp)
            .setDirection(direction)
            .build();
    return Mapping.mapped(CanonicalClass.EMAIL_URL, user.getName(), value);
  }

  /** The first applicable action field; it leaves unmapped only when the table knows its value. */
  static EmailAction action(ObjectNode json, Map<String, String> unmapped) {
    for (String field : ACTION_FIELDS) {
      String raw = Json.text(json, field);
      if (MimecastValues.notApplicable(raw)) {
        continue;
      }
      EmailAction action = MimecastFields.action(field, raw, unmapped);
      if (action != EmailAction.UNKNOWN
          && action != EmailAction.OTHER
          && !MimecastFields.isActionList(raw)) {
        unmapped.remove(field);
      }
      return action;
    }
    return EmailAction.UNKNOWN;
  }
}
