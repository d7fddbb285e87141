package io.sluice.streams.normalize;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The JSON documents one raw Kafka record holds. A connector writes one document per record; a
 * forwarder or {@code kcat -P} may send several in one (NDJSON, or documents simply concatenated).
 * Jackson's {@code readTree} reads the first document and ignores whatever follows, so this reads
 * the record to its end instead:
 *
 * <ul>
 *   <li>one or more JSON objects separated by nothing but whitespace → each is an event, with its
 *       own bytes (the document without the whitespace around it);
 *   <li>a first document that is not an object → {@code unknown_shape}, or {@code page_envelope}
 *       when it is an array of objects (a whole page, such as Okta's {@code /api/v1/logs} returns);
 *   <li>anything after an object that is not another object (garbage, a truncated document, a
 *       number) → the whole record is {@code trailing_data}: nothing is mapped from half a batch.
 * </ul>
 */
public final class RawDocuments {

  /** One JSON object of the record, and its exact bytes. */
  record Document(byte[] bytes, ObjectNode json) {}

  /** The documents, or why the whole record goes to the DLQ. */
  record Split(List<Document> documents, DlqReason rejection) {
    boolean isRejected() {
      return rejection != null;
    }
  }

  private RawDocuments() {}

  static Split split(byte[] value, ObjectMapper json) {
    if (value == null || value.length == 0) {
      return rejected(DlqReason.notJson("empty value"));
    }
    if (!isUtf8(value)) {
      return rejected(DlqReason.notUtf8());
    }
    List<Document> documents = new ArrayList<>();
    try (JsonParser parser = json.createParser(value)) {
      while (true) {
        JsonToken token = parser.nextToken();
        if (token == null) {
          break;
        }
        int start = (int) parser.currentTokenLocation().getByteOffset();
        JsonNode node = json.readTree(parser);
        int end = (int) parser.currentLocation().getByteOffset();
        if (node instanceof ObjectNode object) {
          documents.add(new Document(slice(value, start, end), object));
        } else if (documents.isEmpty()) {
          return rejected(notAnObject(node));
        } else {
          return rejected(
              DlqReason.trailingData(
                  "after "
                      + documents.size()
                      + " JSON object(s), byte "
                      + start
                      + " starts a JSON "
                      + typeOf(node)
                      + ", not an object: a batch holds one JSON object per event"));
        }
      }
    } catch (JsonProcessingException e) {
      if (documents.isEmpty()) {
        return rejected(DlqReason.notJson(e.getOriginalMessage()));
      }
      long at = e.getLocation() == null ? -1 : e.getLocation().getByteOffset();
      return rejected(
          DlqReason.trailingData(
              "after "
                  + documents.size()
                  + " JSON object(s), the bytes"
                  + (at >= 0 ? " near byte " + at : "")
                  + " are not JSON ("
                  + e.getOriginalMessage()
                  + "): a truncated batch or garbage after the event"));
    } catch (IOException e) {
      return rejected(DlqReason.notJson(e.getClass().getSimpleName()));
    }
    if (documents.isEmpty()) {
      return rejected(DlqReason.notJson("only whitespace"));
    }
    return new Split(List.copyOf(documents), null);
  }

  private static DlqReason notAnObject(JsonNode node) {
    if (node != null && node.isArray() && !node.isEmpty()) {
      boolean allObjects = true;
      for (JsonNode item : node) {
        allObjects &= item.isObject();
      }
      if (allObjects) {
        return DlqReason.pageEnvelope(
            "a JSON array of "
                + node.size()
                + " objects: a whole API page (Okta's /api/v1/logs returns one) or an exported"
                + " list. Publish each element as its own record, as Sluice's connectors do, or"
                + " as one JSON object per line");
      }
    }
    return DlqReason.unknownShape("expected a JSON object, got " + typeOf(node));
  }

  private static String typeOf(JsonNode node) {
    return node == null || node.isMissingNode() ? "nothing" : node.getNodeType().toString();
  }

  private static byte[] slice(byte[] value, int start, int end) {
    if (start <= 0 && end >= value.length) {
      return value;
    }
    return Arrays.copyOfRange(value, Math.max(0, start), Math.min(value.length, end));
  }

  private static boolean isAscii(byte[] value) {
    for (byte b : value) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  private static Split rejected(DlqReason reason) {
    return new Split(List.of(), reason);
  }

  /** Whether the bytes are well-formed UTF-8: an ASCII scan first, a strict decoder only if not. */
  public static boolean isUtf8(byte[] value) {
    if (isAscii(value)) {
      return true; // most vendor JSON is: no decoder, no char buffer
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(value));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
