package io.sluice.streams.normalize.mimecast.ttpattachment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.schemas.Direction;
import io.sluice.schemas.EmailAction;
import io.sluice.schemas.EmailFileEvent;
import io.sluice.schemas.FileInfo;
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
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Mimecast TTP Attachment Protect logs ({@code /api/ttp/attachment/get-logs}, one element of {@code
 * data[].attachmentLogs[]} per raw record) → {@code canonical.email-file}, keyed by the recipient.
 * Value tables: docs/feeds/mimecast-ttp-attachment.md.
 */
public final class MimecastTtpAttachmentMapper implements FeedMapper {
  public static final FeedDescriptor FEED =
      new FeedDescriptor(
          "mimecast.ttp-attachment",
          "raw.mimecast.ttp-attachment",
          "Mimecast",
          "Mimecast Email Security",
          "ttp-attachment",
          List.of("date"));

  /** Fields read into canonical fields; {@code definition}, {@code details}, … stay unmapped. */
  private static final Set<String> MAPPED =
      Set.of(
          "date",
          "recipientAddress",
          "senderAddress",
          "fileName",
          "fileType",
          "fileHash",
          "result",
          "actionTriggered",
          "route",
          "messageId",
          "subject");

  @Override
  public FeedDescriptor descriptor() {
    return FEED;
  }

  @Override
  public Set<CanonicalClass> outputs() {
    return Set.of(CanonicalClass.EMAIL_FILE);
  }

  @Override
  public Mapping map(RawEvent event) {
    ObjectNode json = event.json();
    VendorTime.Read time = VendorTime.read(json, "date");
    if (time.rejection() != null) {
      return Mapping.rejected(time.rejection());
    }
    User recipient =
        MimecastFields.user(MimecastFields.address(Json.text(json, "recipientAddress")));
    if (recipient == null) {
      return Mapping.rejected(DlqReason.missingField("recipientAddress"));
    }
    Map<String, String> unmapped = Json.unmappedExcept(json, MAPPED);
    FileInfo file = file(json, "fileName", "fileType", "fileHash", unmapped);
    Verdict verdict = MimecastFields.verdict("result", Json.text(json, "result"), unmapped);
    EmailAction action =
        MimecastFields.action("actionTriggered", Json.text(json, "actionTriggered"), unmapped);
    Direction direction = MimecastFields.direction("route", Json.text(json, "route"), unmapped);
    EmailFileEvent value =
        EmailFileEvent.newBuilder()
            .setMetadata(event.metadata(FEED, time.instant(), null, unmapped))
            .setRecipient(recipient)
            .setSender(MimecastFields.address(Json.text(json, "senderAddress")))
            .setFile(file)
            .setVerdict(verdict)
            .setAction(action)
            .setMessageId(Json.cleanText(json, "messageId"))
            .setSubject(Json.cleanText(json, "subject"))
            .setDirection(direction)
            .build();
    return Mapping.mapped(CanonicalClass.EMAIL_FILE, recipient.getName(), value);
  }

  /**
   * The attachment; a hash that is not a SHA-256 (64 hex characters) is kept in unmapped under its
   * field name and {@code sha256} stays null.
   */
  public static FileInfo file(
      ObjectNode json,
      String nameField,
      String typeField,
      String hashField,
      Map<String, String> unmapped) {
    String hash = Json.text(json, hashField);
    String sha256 = MimecastFields.sha256(hash);
    if (hash != null && sha256 == null) {
      unmapped.put(hashField, hash);
    }
    return FileInfo.newBuilder()
        .setName(Text.clean(Json.text(json, nameField), 255))
        .setType(Json.cleanText(json, typeField))
        .setSha256(sha256)
        .build();
  }
}
