package io.sluice.streams.normalize.mimecast;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.schemas.RawRef;
import io.sluice.streams.normalize.Mapping;
import io.sluice.streams.normalize.RawEvent;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * Realistic Mimecast records for the mapper tests: field names as the vendor's API returns them
 * (docs/feeds/mimecast-*.md); values made up.
 */
public final class MimecastRecords {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static final Instant INGEST = Instant.parse("2024-11-14T20:00:00Z");
  public static final String EVENT_ID = "0123456789abcdef0123456789abcdef";
  public static final String SHA256 =
      "22a65c438289353d96c707cf55e26be723e3157f0aa00734843a9bdc8f98bab0";

  private MimecastRecords() {}

  /** One element of {@code data[].clickLogs[]}: a user click on a malicious URL that was warned. */
  public static ObjectNode ttpUrlClick() {
    return parse(
        """
        {"userEmailAddress":"Ann@Corp.Example","fromUserEmailAddress":"news@promo.example",
         "url":"https://bad.example/x?id=1","ttpDefinition":"Default Inbound URL Protect Definition",
         "subject":"Invoice","action":"warn","adminOverride":"N/A","userOverride":"None",
         "scanResult":"malicious","category":"Phishing & Fraud","sendingIp":"203.0.113.7",
         "userAwarenessAction":"N/A","date":"2024-11-14T19:44:02+0000","actions":"Block",
         "route":"inbound","creationMethod":"User Click","emailPartsDescription":["Body"],
         "messageId":"<a1@mx.example>"}
        """);
  }

  /** One element of {@code data[].attachmentLogs[]}: a malicious PDF to Ann. */
  public static ObjectNode ttpAttachment() {
    return parse(
        """
        {"senderAddress":"billing@vendor.example","recipientAddress":"Ann@Corp.Example",
         "fileName":"invoice.pdf","fileType":"application/pdf","result":"malicious",
         "actionTriggered":"block","date":"2024-11-14T19:44:02+0000",
         "details":"Malicious \\r\\nTime taken: 0 hrs, 0 min, 1 sec","route":"inbound",
         "messageId":"<b2@mx.example>","subject":"Your invoice",
         "fileHash":"22A65C438289353D96C707CF55E26BE723E3157F0AA00734843A9BDC8F98BAB0",
         "definition":"Default Inbound Attachment Protect Definition"}
        """);
  }

  /** One element of {@code data[].impersonationLogs[]}: an internal-user-name hit, malicious. */
  public static ObjectNode ttpImpersonation() {
    return parse(
        """
        {"id":"MTOKEN:eNqrVkouLS7Jz00tSs5IVbJSKs7PTVWqBQBWVgfx",
         "senderAddress":"Ann <ceo.ann@lookalike.example>","recipientAddress":"Bob@Corp.Example",
         "subject":"Urgent wire","definition":"IP - 1 hit (Tag email)","hits":1,
         "identifiers":["internal_user_name"],"action":"none","taggedExternal":false,
         "taggedMalicious":true,"senderIpAddress":"198.51.100.23",
         "eventTime":"2024-11-14T19:44:02+0000",
         "impersonationResults":[{"impersonationDomainSource":"internal_user_name",
           "similarDomain":"Ann <ann@corp.example>","stringSimilarToDomain":"Ann",
           "checkerResult":"hit"},
          {"impersonationDomainSource":"new_domain","similarDomain":"lookalike.example",
           "stringSimilarToDomain":"lookalike.example","checkerResult":"hit"}],
         "messageId":"<c3@mx.example>"}
        """);
  }

  public static ObjectNode parse(String json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A raw event as the normaliser hands it to a mapper. */
  public static RawEvent raw(String topic, ObjectNode json) {
    return new RawEvent(EVENT_ID, json, new RawRef(topic, 1, 42L), INGEST);
  }

  /** The DLQ code of a rejected mapping (fails the test when the record was mapped). */
  public static String dlqCode(Mapping mapping) {
    if (!(mapping instanceof Mapping.Rejected rejected)) {
      throw new AssertionError("expected a rejection, got " + mapping);
    }
    return rejected.reason().code();
  }

  /** The canonical record of a mapped mapping (fails the test when the record was rejected). */
  public static Mapping.Mapped mapped(Mapping mapping) {
    if (!(mapping instanceof Mapping.Mapped mapped)) {
      throw new AssertionError("expected a canonical record, got " + mapping);
    }
    return mapped;
  }
}
