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
    HttpResponse<String> first =
        get("/api/v1/logs?since=" + START.plusSeconds(30) + "&limit=1", "SSWS tok");
    String next = nextLink(first);
    HttpResponse<String> second =
        get(URI.create(next).getRawPath() + "?" + URI.create(next).getRawQuery(), "SSWS tok");
    String afterSecond = nextLink(second);
    HttpResponse<String> empty =
        get(
            URI.create(afterSecond).getRawPath() + "?" + URI.create(afterSecond).getRawQuery(),
            "SSWS tok");

    assertThat(first.body()).isEqualTo("[" + events.get(1) + "]");
    assertThat(second.body()).isEqualTo("[" + events.get(2) + "]");
    assertThat(empty.body()).isEqualTo("[]");
    assertThat(nextLink(empty)).isEqualTo(afterSecond);
    assertThat(first.headers().firstValue("X-Rate-Limit-Reset")).isPresent();
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
    assertThat(reset).isBetween(Instant.now().getEpochSecond(), Instant.now().getEpochSecond() + 2);
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
