package io.sluice.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.connectors.http.JsonRecords.JsonRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonRecordsTest {
  // Vendor formatting on purpose: spaces, a newline, escapes, non-ASCII, nested arrays/objects,
  // numbers written in a way a re-serialiser would change (1.0E2, -0.0).
  private static final String FIRST =
      "{ \"uuid\" : \"u-1\",\n  \"published\":\"2024-05-02T20:18:57.718Z\","
          + "\"actor\":{\"displayName\":\"Zoë \\\"Z\\\" Lee\",\"detailEntry\":null},"
          + "\"score\":1.0E2,\"neg\":-0.0,\"chain\":[{\"ip\":\"198.51.100.77\"},[1,2]]}";
  private static final String SECOND =
      "{\"published\":\"2024-05-02T20:19:00.000Z\",\"uuid\":\"u-2\"}";

  @Test
  void shouldKeepEveryRecordsBytesExactlyAsTheVendorSentThem() throws Exception {
    byte[] body = utf8("[\n  " + FIRST + " ,\n" + SECOND + "\n]\n");

    List<JsonRecord> records = JsonRecords.split(body, List.of(), Set.of("uuid", "published"));

    assertThat(records).hasSize(2);
    assertThat(records.get(0).bytes()).isEqualTo(utf8(FIRST));
    assertThat(records.get(1).bytes()).isEqualTo(utf8(SECOND));
  }

  @Test
  void shouldReadOnlyTheRequestedTopLevelFields() throws Exception {
    byte[] body = utf8("[" + FIRST + "," + SECOND + "]");

    List<JsonRecord> records = JsonRecords.split(body, List.of(), Set.of("uuid", "published"));

    assertThat(records.get(0).fields())
        .containsEntry("uuid", "u-1")
        .containsEntry("published", "2024-05-02T20:18:57.718Z")
        .doesNotContainKey("displayName");
    assertThat(records.get(1).fields()).containsEntry("uuid", "u-2");
  }

  @Test
  void shouldFindTheRecordArrayUnderAFieldPath() throws Exception {
    byte[] body =
        utf8(
            "{\"@odata.context\":\"x\",\"skip\":{\"value\":[1]},\"value\":["
                + SECOND
                + "],\"@odata.nextLink\":\"https://graph/next\"}");

    List<JsonRecord> records = JsonRecords.split(body, List.of("value"), Set.of("uuid"));

    assertThat(records)
        .extracting(r -> new String(r.bytes(), StandardCharsets.UTF_8))
        .containsExactly(SECOND);
  }

  @Test
  void shouldReturnNoRecordsForAnEmptyPage() throws Exception {
    assertThat(JsonRecords.split(utf8("[]"), List.of(), Set.of())).isEmpty();
  }

  @Test
  void shouldRejectAPageTruncatedInTransit() {
    String whole = "[" + FIRST + "," + SECOND + "]";
    byte[] half = utf8(whole.substring(0, whole.length() / 2));

    assertThatThrownBy(() -> JsonRecords.split(half, List.of(), Set.of("uuid")))
        .isInstanceOf(JsonRecords.MalformedPageException.class);
  }

  @Test
  void shouldRejectABodyThatIsNotAnArrayOfObjects() {
    assertThatThrownBy(() -> JsonRecords.split(utf8("{\"errorCode\":\"E0\"}"), List.of(), Set.of()))
        .isInstanceOf(JsonRecords.MalformedPageException.class);
    assertThatThrownBy(() -> JsonRecords.split(utf8("[1,2]"), List.of(), Set.of()))
        .isInstanceOf(JsonRecords.MalformedPageException.class);
    assertThatThrownBy(() -> JsonRecords.split(utf8("<html>"), List.of(), Set.of()))
        .isInstanceOf(JsonRecords.MalformedPageException.class);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
