package io.sluice.streams.normalize.mimecast.siem;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.schemas.Direction;
import io.sluice.schemas.EmailAction;
import io.sluice.schemas.EmailActivity;
import io.sluice.schemas.EmailActivityEvent;
import io.sluice.schemas.EmailFileEvent;
import io.sluice.schemas.EmailUrlEvent;
import io.sluice.schemas.FileInfo;
import io.sluice.schemas.FindingEvent;
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
import io.sluice.streams.normalize.mimecast.impersonation.MimecastImpersonationMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Mimecast SIEM logs → receipt/process/delivery, spam and journal lines to {@code
 * canonical.email-activity}; URL protect and Internal Email Protect lines to {@code
 * canonical.email-url}; attachment protect and AV lines to {@code canonical.email-file};
 * impersonation lines to {@code canonical.finding}, with the value tables of the TTP feeds. Every
 * documented log type has a class, so none is dead-lettered for its type. Both API 1.0 MTA JSON
 * lines ({@code /api/audit/get-siem-logs}) and API 2.0 batch NDJSON lines ({@code
 * /siem/v1/batch/events/cg}) arrive on one raw topic, one line per record. Shapes and tables:
 * docs/feeds/mimecast-siem.md.
 */
public final class MimecastSiemMapper implements FeedMapper {
  public static final FeedDescriptor FEED =
      new FeedDescriptor(
          "mimecast.siem",
          "raw.mimecast.siem",
          "Mimecast",
          "Mimecast Email Security",
          "siem",
          List.of("datetime", "timestamp"));

  /** Impersonation Protect check fields of API 1.0 lines; a true one becomes an indicator. */
  static final List<String> V1_IMPERSONATION_CHECKS =
      List.of(
          "InternalName",
          "CustomName",
          "NewDomain",
          "SimilarInternalDomain",
          "SimilarCustomExternalDomain",
          "SimilarMimecastExternalDomain",
          "ReplyMismatch",
          "ThreatDictionary",
          "CustomThreatDictionary");

  private static final Pattern HEX = Pattern.compile("[0-9a-f]+");
  private static final String[] RECIPIENT = {"Rcpt", "Recipient", "recipients", "recipient"};
  private static final String[] SENDER = {"Sender", "senderEnvelope", "sender"};
  private static final String[] SUBJECT = {"Subject", "subject"};
  private static final String[] MESSAGE_ID = {"MsgId", "messageId", "msgid"};

  @Override
  public FeedDescriptor descriptor() {
    return FEED;
  }

  @Override
  public Set<CanonicalClass> outputs() {
    return Set.of(
        CanonicalClass.EMAIL_ACTIVITY,
        CanonicalClass.EMAIL_URL,
        CanonicalClass.EMAIL_FILE,
        CanonicalClass.FINDING);
  }

  @Override
  public Mapping map(RawEvent event) {
    SiemShapes.Shape shape = SiemShapes.classify(event.json());
    if (shape.kind() == null) {
      return Mapping.rejected(DlqReason.unknownShape(shape.detail()));
    }
    VendorTime.Read time = VendorTime.read(event.json(), shape.v2() ? "timestamp" : "datetime");
    if (time.rejection() != null) {
      return Mapping.rejected(time.rejection());
    }
    SiemRecord record = new SiemRecord(event.json());
    record.named("type", "timestamp", "datetime"); // consumed: they are in metadata
    Instant at = time.instant();
    return switch (shape.kind()) {
      case RECEIPT -> activity(event, record, EmailActivity.RECEIVE, shape.v2(), at);
      case PROCESS -> activity(event, record, EmailActivity.PROCESS, shape.v2(), at);
      case DELIVERY -> activity(event, record, EmailActivity.DELIVER, shape.v2(), at);
      case SPAM -> activity(event, record, EmailActivity.SCAN, shape.v2(), at);
      case JOURNAL -> activity(event, record, EmailActivity.OTHER, shape.v2(), at);
      case URL_PROTECT -> urlLine(event, record, true, at);
      case INTERNAL_EMAIL_PROTECT -> urlLine(event, record, false, at);
      case ATTACHMENT_PROTECT -> fileLine(event, record, false, at);
      case AV -> fileLine(event, record, true, at);
      case IMPERSONATION -> impersonation(event, record, at);
    };
  }

  /**
   * Receipt, process, delivery, and the spam (SCAN) and journal (OTHER) lines. The user is the
   * primary mailbox: the sender of outbound mail, the (first) recipient otherwise; a record with no
   * recipient (process lines) falls back to the sender. Spam and journal lines keep their {@code
   * type} in unmapped: it is their disposition, which the activity alone does not name.
   */
  private static Mapping activity(
      RawEvent event, SiemRecord record, EmailActivity activity, boolean v2, Instant time) {
    boolean scanOrJournal = activity == EmailActivity.SCAN || activity == EmailActivity.OTHER;
    // spam lines name the direction in route; delivery lines use route for the delivery route
    SiemRecord.Named dir =
        activity == EmailActivity.SCAN
            ? record.named("route", "Dir", "direction")
            : record.named("Dir", "direction");
    List<String> to = MimecastFields.addresses(record.node(RECIPIENT));
    String from = MimecastFields.address(record.text(SENDER));
    // the IP of a receipt (or spam) line is the connecting server; of a delivery line, the server
    // delivered to, which is no source: it stays in unmapped
    SiemRecord.Named ip =
        activity == EmailActivity.RECEIVE || activity == EmailActivity.SCAN
            ? record.named("IP", "senderIp")
            : new SiemRecord.Named(null, null);
    String subject = record.cleanText(SUBJECT);
    String messageId = record.cleanText(MESSAGE_ID);
    Boolean delivered = record.bool("Delivered", "delivered");
    String rejection = record.cleanText("RejType", "rejectionType");
    String rejectionCode = record.cleanText("RejCode", "rejectionCode");
    String correlation = record.cleanText("aCode", "aggregateId");
    Map<String, String> unmapped = record.unmapped();
    if (scanOrJournal) {
      String type = Json.text(record.json(), "type");
      unmapped.put("type", type != null ? type : "journal");
    }
    String srcIp = MimecastFields.ip(ip.field(), Text.clean(ip.value()), unmapped);
    Direction direction = MimecastFields.direction(dir.field(), dir.value(), unmapped);
    String primary = direction == Direction.OUTBOUND || to.isEmpty() ? from : to.get(0);
    if (primary == null) {
      String needed =
          direction == Direction.OUTBOUND
              ? (v2 ? "senderEnvelope" : "Sender")
              : (v2 ? "recipients" : "Rcpt");
      return Mapping.rejected(DlqReason.missingField(needed));
    }
    EmailActivityEvent value =
        EmailActivityEvent.newBuilder()
            .setMetadata(event.metadata(FEED, time, null, unmapped))
            .setActivity(activity)
            .setDirection(direction)
            .setUser(MimecastFields.user(primary))
            .setFrom(from)
            .setTo(to)
            .setSubject(subject)
            .setMessageId(messageId)
            .setSrcIp(srcIp)
            .setDelivered(activity == EmailActivity.DELIVER ? delivered : null)
            .setRejection(rejection)
            .setRejectionCode(rejectionCode)
            .setCorrelationId(correlation)
            .build();
    return Mapping.mapped(CanonicalClass.EMAIL_ACTIVITY, primary, value);
  }

  /**
   * URL protect lines and Internal Email Protect lines, to {@code canonical.email-url}.
   *
   * <p>URL protect lines log clicks (Mimecast's URL Protect logs record the user who clicked), so
   * {@code is_click} is true unless a {@code creationMethod} says otherwise; the user is the
   * recipient who clicked. Internal Email Protect scans internal and outbound mail for the URLs it
   * carries: no click, and the user is the internal <em>sender</em>, whose account sent the URL
   * (the recipients may be a distribution list).
   *
   * <p>Verdict: the verdict word ({@code reason}, {@code scanResult}, {@code scanResults}) through
   * the shared table; when there is none, or the scan result is a category decision ("Blocked URL
   * Category"), the URL category through {@link UrlScans}.
   */
  private static Mapping urlLine(RawEvent event, SiemRecord record, boolean click, Instant time) {
    List<String> recipients =
        MimecastFields.addresses(record.node(concat(RECIPIENT, "userEmailAddress")));
    String sender = MimecastFields.address(record.text(SENDER));
    String primary = click || sender == null ? first(recipients) : sender;
    if (primary == null) {
      return Mapping.rejected(DlqReason.missingField(click ? "recipient" : "senderEnvelope"));
    }
    String url = record.text("url");
    String creationMethod = record.text("creationMethod");
    SiemRecord.Named verdictRaw = record.named("reason", "scanResult", "scanResults");
    SiemRecord.Named actionRaw = record.named("action", "Action");
    SiemRecord.Named routeRaw = record.named("route", "Route", "direction");
    String category = record.cleanText("urlCategory", "UrlCategory", "category");
    SiemRecord.Named ip = record.named("sourceIp", "senderIp", "IP");
    String subject = record.cleanText(SUBJECT);
    String messageId = record.cleanText(MESSAGE_ID);
    Map<String, String> unmapped = record.unmapped();
    boolean isClick =
        click && (creationMethod == null || "user click".equalsIgnoreCase(creationMethod.strip()));
    if (creationMethod != null && !isClick) {
      unmapped.put("creationMethod", creationMethod);
    }
    Verdict verdict = urlVerdict(verdictRaw, category, unmapped);
    EmailAction action =
        actionRaw.value() == null && UrlScans.actionOf(verdictRaw.value()) != null
            ? UrlScans.actionOf(verdictRaw.value())
            : MimecastFields.action(actionRaw.field(), actionRaw.value(), unmapped);
    Direction direction = MimecastFields.direction(routeRaw.field(), routeRaw.value(), unmapped);
    String srcIp = MimecastFields.ip(ip.field(), Text.clean(ip.value()), unmapped);
    User user = MimecastFields.user(primary);
    EmailUrlEvent value =
        EmailUrlEvent.newBuilder()
            .setMetadata(event.metadata(FEED, time, null, unmapped))
            .setUser(user)
            .setUrl(url == null ? null : Text.clean(url, 4096))
            .setUrlDomain(MimecastFields.urlDomain(url))
            .setIsClick(isClick)
            .setVerdict(verdict)
            .setAction(action)
            .setCategory(category)
            .setMessageId(messageId)
            .setSender(sender)
            .setSubject(subject)
            .setSrcIp(srcIp)
            .setDirection(direction)
            .build();
    return Mapping.mapped(CanonicalClass.EMAIL_URL, user.getName(), value);
  }

  private static Verdict urlVerdict(
      SiemRecord.Named raw, String category, Map<String, String> unmapped) {
    if (UrlScans.decidedByCategory(raw.value())) {
      Verdict byCategory = UrlScans.categoryVerdict(category);
      if (byCategory != null) {
        if (raw.value() != null) {
          unmapped.put(raw.field(), raw.value());
        }
        return byCategory;
      }
    }
    return MimecastFields.verdict(raw.field(), raw.value(), unmapped);
  }

  /**
   * Attachment protect and AV lines, to {@code canonical.email-file}. API 2.0 lines can carry the
   * file but no recipient: they are kept with an empty recipient and a null key rather than
   * dropped; rules keyed by recipient skip them, {@code email.attachment-campaign} still sees the
   * hash. An AV line that names the virus it found ({@code virusFound}, {@code Virus}) is
   * MALICIOUS; the name stays in unmapped (the file event has no field for it).
   */
  private static Mapping fileLine(RawEvent event, SiemRecord record, boolean av, Instant time) {
    List<String> recipients = MimecastFields.addresses(record.node(RECIPIENT));
    String fileName = record.text("fileName", "FileName");
    String fileType = record.cleanText("fileType", "FileType", "fileExtension", "fileExt");
    SiemRecord.Named hash = record.named("sha256", "SHA256", "fileHash");
    SiemRecord.Named md5 = record.named("md5", "MD5");
    SiemRecord.Named verdictRaw = record.named("result", "Result", "reason");
    SiemRecord.Named actionRaw = record.named("actionTriggered", "action", "Action");
    SiemRecord.Named routeRaw = record.named("route", "Route", "Dir", "direction");
    String sender = MimecastFields.address(record.text(SENDER));
    String subject = record.cleanText(SUBJECT);
    String messageId = record.cleanText(MESSAGE_ID);
    Map<String, String> unmapped = record.unmapped();
    String sha256 = MimecastFields.sha256(hash.value());
    if (hash.value() != null && sha256 == null) {
      unmapped.put(hash.field(), hash.value());
    }
    String md5Hex = hex(md5.value(), 32);
    if (md5.value() != null && md5Hex == null) {
      unmapped.put(md5.field(), md5.value());
    }
    FileInfo file =
        FileInfo.newBuilder()
            .setName(Text.clean(fileName, 255))
            .setType(fileType)
            .setSha256(sha256)
            .setMd5(md5Hex)
            .build();
    String virus = av ? MimecastFields.firstText(record.json(), "virusFound", "Virus") : null;
    Verdict verdict =
        virus != null
            ? Verdict.MALICIOUS
            : MimecastFields.verdict(verdictRaw.field(), verdictRaw.value(), unmapped);
    EmailAction action = MimecastFields.action(actionRaw.field(), actionRaw.value(), unmapped);
    Direction direction = MimecastFields.direction(routeRaw.field(), routeRaw.value(), unmapped);
    User recipient =
        recipients.isEmpty() ? MimecastFields.nobody() : MimecastFields.user(recipients.get(0));
    EmailFileEvent value =
        EmailFileEvent.newBuilder()
            .setMetadata(event.metadata(FEED, time, null, unmapped))
            .setRecipient(recipient)
            .setSender(sender)
            .setFile(file)
            .setVerdict(verdict)
            .setAction(action)
            .setMessageId(messageId)
            .setSubject(subject)
            .setDirection(direction)
            .build();
    return Mapping.mapped(CanonicalClass.EMAIL_FILE, recipient.getName(), value);
  }

  /** Impersonation protect lines, with the TTP impersonation feed's severity rule. */
  private static Mapping impersonation(RawEvent event, SiemRecord record, Instant time) {
    List<String> recipients = MimecastFields.addresses(record.node(RECIPIENT));
    if (recipients.isEmpty()) {
      return Mapping.rejected(DlqReason.missingField("recipient"));
    }
    Boolean malicious = record.bool("TaggedMalicious", "taggedMalicious");
    String title = record.cleanText("Definition", "policyDefinition", "definition");
    List<String> indicators = new ArrayList<>();
    MimecastImpersonationMapper.addTexts(indicators, record.node("identifiers"), null);
    for (String check : V1_IMPERSONATION_CHECKS) {
      if (Boolean.TRUE.equals(record.bool(check))) {
        indicators.add(check);
      }
    }
    String sender = MimecastFields.address(record.text(SENDER));
    SiemRecord.Named ip = record.named("IP", "SourceIP", "senderIp", "sourceIp");
    String action = record.cleanText("Action", "action");
    String subject = record.cleanText(SUBJECT);
    String messageId = record.cleanText(MESSAGE_ID);
    Map<String, String> unmapped = record.unmapped();
    String srcIp = MimecastFields.ip(ip.field(), Text.clean(ip.value()), unmapped);
    // the checks that were not true stay visible in unmapped
    for (String check : V1_IMPERSONATION_CHECKS) {
      JsonNode value = Json.at(record.json(), check);
      if (value != null && !indicators.contains(check)) {
        unmapped.put(check, Json.unmappedText(value));
      }
    }
    User recipient = MimecastFields.user(recipients.get(0));
    FindingEvent value =
        FindingEvent.newBuilder()
            .setMetadata(event.metadata(FEED, time, null, unmapped))
            .setTitle(title == null ? MimecastImpersonationMapper.DEFAULT_TITLE : title)
            .setFindingType(MimecastImpersonationMapper.FINDING_TYPE)
            .setSeverity(MimecastImpersonationMapper.severity(malicious))
            .setRecipient(recipient)
            .setSender(sender)
            .setIndicators(indicators)
            .setIsMalicious(malicious)
            .setAction(action)
            .setMessageId(messageId)
            .setSubject(subject)
            .setSrcIp(srcIp)
            .build();
    return Mapping.mapped(CanonicalClass.FINDING, recipient.getName(), value);
  }

  private static String hex(String raw, int length) {
    if (raw == null) {
      return null;
    }
    String value = raw.strip().toLowerCase(Locale.ROOT);
    return value.length() == length && HEX.matcher(value).matches() ? value : null;
  }

  private static String first(List<String> values) {
    return values.isEmpty() ? null : values.get(0);
  }

  private static String[] concat(String[] fields, String extra) {
    String[] out = java.util.Arrays.copyOf(fields, fields.length + 1);
    out[fields.length] = extra;
    return out;
  }
}
