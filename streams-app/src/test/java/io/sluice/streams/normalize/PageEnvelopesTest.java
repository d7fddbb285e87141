package io.sluice.streams.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Whole API responses are recognised by their documented envelope; single events are not. */
class PageEnvelopesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Optional<DlqReason> detect(String json) throws JsonProcessingException {
    return PageEnvelopes.detect((ObjectNode) JSON.readTree(json));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Mimecast TTP page|{\"meta\":{\"status\":200},\"data\":[{\"clickLogs\":[]}],\"fail\":[]}"
            + "|Mimecast API response",
        "CrowdStrike page|{\"meta\":{\"pagination\":{\"after\":\"x\"}},\"resources\":[{}],"
            + "\"errors\":[]}|CrowdStrike API response",
        "Graph page|{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#auditLogs/"
            + "signIns\",\"value\":[{\"id\":\"1\"}]}|Microsoft Graph page",
        "SIEM 2.0 listing|{\"value\":[{\"url\":\"https://s3.example/b1.gz\"}],\"@nextPage\":\"p2\"}"
            + "|SIEM 2.0 batch listing",
        "SIEM 1.0 file|{\"type\":\"MTA\",\"data\":[{\"acc\":\"C1\"}]}|SIEM log file"
      })
  void shouldRecogniseAWholeResponseAndSayWhatToPublishInstead(
      String name, String json, String named) throws JsonProcessingException {
    DlqReason reason = detect(json).orElseThrow();

    assertThat(reason.code()).isEqualTo("page_envelope");
    assertThat(reason.detail()).contains(named).contains("as its own record");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Okta event|{\"uuid\":\"u1\",\"published\":\"2024-05-02T20:18:57.718Z\",\"actor\":{}}",
        "SIEM 2.0 line|{\"type\":\"receipt\",\"timestamp\":1731621865697,\"recipients\":\"a@x\"}",
        "an event with a data array but no meta|{\"eventTime\":\"x\",\"data\":[1]}",
        "a value array without paging fields|{\"createdDateTime\":\"x\",\"value\":[1]}"
      })
  void shouldLeaveASingleEventAlone(String name, String json) throws JsonProcessingException {
    assertThat(detect(json)).isEmpty();
  }
}
