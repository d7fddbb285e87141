package io.sluice.sandbox.simulators;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OktaSimulatorTest {
  private static final Instant START = Instant.parse("2024-05-02T08:00:00Z");
  private final List<String> events = OktaEvents.benignLogins(1, 3, START, Duration.ofMinutes(1));
  private final OktaSimulator okta = OktaSimulator.start("tok", events);
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> follow(String link) throws Exception {
    URI uri = URI.create(link);
    return get(uri.getRawPath() + "?" + uri.getRawQuery(), "SSWS tok");
  }

  static Instant serverTime(HttpResponse<?> response) {
    return java.time.ZonedDateTime.parse(
            response.headers().firstValue("Date").orElseThrow(),
            java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
        .toInstant();
  }

  @AfterEach
  void stop() {
    okta.close();
  }

  @Test
  void shouldAnswerABadTokenWithOktasErrorBody() throws Exception {
    HttpResponse<String> response = get("/api/v1/logs", "SSWS nope");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body())
        .contains("\"errorCode\":\"E0000011\"", "\"errorSummary\":\"Invalid token provided\"")
        .contains("\"errorId\":", "\"errorCauses\":[]");
  }

  @Test
  void shouldPageWithSinceThenAfterAndAlwaysSendANextLink() throws Exception {
    HttpResponse<String> first = get("/api/v1/logs?since=" + START + "&limit=2", "SSWS tok");
    HttpResponse<String> second = follow(nextLink(first));
    HttpResponse<String> empty = follow(nextLink(second));

    assertThat(first.body()).isEqualTo("[" + events.get(0) + "," + events.get(1) + "]");
    assertThat(second.body()).isEqualTo("[" + events.get(2) + "]");
    assertThat(empty.body()).isEqualTo("[]");
    assertThat(nextLink(empty)).isEqualTo(nextLink(second));
    assertThat(first.headers().firstValue("X-Rate-Limit-Remaining")).contains("119");
    assertThat(first.headers().firstValue("X-Rate-Limit-Reset")).isPresent();
  }

  @Test
  void shouldServeALateEventWithAnOlderPublishedTimeAfterTheCursorInsteadOfSkippingIt()
      throws Exception {
    HttpResponse<String> all = get("/api/v1/logs?since=" + START + "&limit=10", "SSWS tok");
    String late =
        OktaEvents.benignLogins(9, 1, START.minus(Duration.ofHours(1)), Duration.ZERO).get(0);
    okta.append(List.of(late));

    HttpResponse<String> next = follow(nextLink(all));

    assertThat(all.body()).doesNotContain(late);
    assertThat(next.body())
        .as("polling requests walk persistence time, not published")
        .isEqualTo("[" + late + "]");
  }

  @Test
  void shouldRateLimitEveryNthRequestWithE0000047AndAnEpochSecondsReset() throws Exception {
    okta.faults().rateLimitEvery(2);

    HttpResponse<String> ok = get("/api/v1/logs", "SSWS tok");
    HttpResponse<String> limited = get("/api/v1/logs", "SSWS tok");

    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.body()).contains("E0000047");
    long reset = Long.parseLong(limited.headers().firstValue("X-Rate-Limit-Reset").orElseThrow());
    long vendorNow = serverTime(limited).getEpochSecond();
    assertThat(reset).as("by the vendor's own clock").isBetween(vendorNow, vendorNow + 2);
    assertThat(Instant.now().getEpochSecond() - vendorNow)
        .as("which runs 90 s behind ours")
        .isBetween(89L, 91L);
  }

  @Test
  void shouldSendAFiveHundredBurstThenRecover() throws Exception {
    okta.faults().serverErrorBurst(1, 2);

    assertThat(get("/api/v1/logs", "SSWS tok").statusCode()).isEqualTo(500);
    assertThat(get("/api/v1/logs", "SSWS tok").statusCode()).isEqualTo(500);
    assertThat(get("/api/v1/logs", "SSWS tok").statusCode()).isEqualTo(200);
  }

  @Test
  void shouldGenerateTheSameScenarioForTheSameSeed() {
    assertThat(OktaEvents.scenario(9, 20, START)).isEqualTo(OktaEvents.scenario(9, 20, START));
    assertThat(OktaEvents.scenario(9, 20, START))
        .hasSize(33)
        .filteredOn(e -> e.contains("\"result\":\"FAILURE\""))
        .hasSize(12);
  }

  private HttpResponse<String> get(String pathAndQuery, String authorization) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(okta.baseUrl() + pathAndQuery))
            .header("Authorization", authorization)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String nextLink(HttpResponse<String> response) {
    return response.headers().allValues("Link").stream()
        .filter(v -> v.contains("rel=\"next\""))
        .map(v -> v.substring(v.indexOf('<') + 1, v.indexOf('>')))
        .findFirst()
        .orElseThrow();
  }
}
