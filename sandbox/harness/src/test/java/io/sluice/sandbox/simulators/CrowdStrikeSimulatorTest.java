package io.sluice.sandbox.simulators;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CrowdStrikeSimulatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant START = Instant.parse("2024-05-02T08:00:00Z");
  private final List<String> alerts = FalconAlerts.scenario(3, 30, START, Duration.ofMinutes(5));
  private final CrowdStrikeSimulator falcon = CrowdStrikeSimulator.start("id", "secret", alerts);
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    falcon.close();
  }

  @Test
  void shouldScriptLowSeverityNoiseAndOneCriticalAlertOnTheHostOfTheUserWhoClicked()
      throws Exception {
    List<JsonNode> all = new ArrayList<>();
    for (String a : alerts) {
      all.add(JSON.readTree(a));
    }
    List<JsonNode> high = all.stream().filter(a -> a.path("severity").asInt() >= 70).toList();

    assertThat(all).hasSize(31);
    assertThat(high).hasSize(1);
    assertThat(high.get(0).path("user_name").asText()).isEqualTo(FalconAlerts.CLICKER);
    assertThat(high.get(0).path("device").path("hostname").asText())
        .isEqualTo(FalconAlerts.CLICKER_HOST);
    assertThat(all.stream().filter(a -> a.path("severity").asInt() < 70))
        .allSatisfy(a -> assertThat(a.path("severity").asInt()).isLessThanOrEqualTo(30));
    assertThat(all).extracting(a -> a.path("composite_id").asText()).doesNotHaveDuplicates();
    assertThat(FalconAlerts.scenario(3, 30, START, Duration.ofMinutes(5))).isEqualTo(alerts);
  }

  @Test
  void shouldIssueA201TokenAndPageAscendingWithTheAfterToken() throws Exception {
    HttpResponse<String> token = token("secret");
    String bearer = "Bearer " + JSON.readTree(token.body()).get("access_token").asText();
    List<String> updated = new ArrayList<>();
    String after = null;
    int pages = 0;
    do {
      String body =
          "{\"limit\":12,\"sort\":\"updated_timestamp|asc\",\"filter\":\"updated_timestamp:>'"
              + START.minusSeconds(1)
              + "'\""
              + (after == null ? "" : ",\"after\":\"" + after + "\"")
              + "}";
      JsonNode page = JSON.readTree(alerts(bearer, body).body());
      pages++;
      page.path("resources").forEach(a -> updated.add(a.path("updated_timestamp").asText()));
      JsonNode next = page.path("meta").path("pagination").get("after");
      after = next == null ? null : next.asText();
    } while (after != null);

    assertThat(token.statusCode()).isEqualTo(201);
    assertThat(pages).isEqualTo(3);
    assertThat(updated).hasSize(31).isSorted();
  }

  @Test
  void shouldReportErrorsInsideAn200AndRateLimitWithAnEpochSecondsRetryAfter() throws Exception {
    String bearer = "Bearer " + JSON.readTree(token("secret").body()).get("access_token").asText();
    falcon.errorsIn200(1, 403, "Access denied: insufficient scope for this action");
    HttpResponse<String> denied = alerts(bearer, "{\"limit\":10}");
    falcon.faults().rateLimitEvery(1);
    HttpResponse<String> limited = alerts(bearer, "{\"limit\":10}");

    assertThat(denied.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(denied.body()).path("errors").path(0).path("code").asInt())
        .isEqualTo(403);
    assertThat(limited.statusCode()).isEqualTo(429);
    long retryAfter =
        Long.parseLong(limited.headers().firstValue("X-Ratelimit-Retryafter").orElseThrow());
    long vendorNow = OktaSimulatorTest.serverTime(limited).getEpochSecond();
    assertThat(retryAfter).as("by the vendor's own clock").isBetween(vendorNow, vendorNow + 2);
  }

  @Test
  void shouldRefuseAWrongSecretAndAnExpiredToken() throws Exception {
    HttpResponse<String> refused = token("wrong");
    String bearer = "Bearer " + JSON.readTree(token("secret").body()).get("access_token").asText();
    falcon.expireTokens();
    HttpResponse<String> expired = alerts(bearer, "{\"limit\":10}");

    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("Failed to issue access token");
    assertThat(expired.statusCode()).isEqualTo(401);
  }

  private HttpResponse<String> token(String secret) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(falcon.baseUrl() + "/oauth2/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("client_id=id&client_secret=" + secret))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> alerts(String authorization, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(falcon.baseUrl() + "/alerts/combined/alerts/v1"))
            .header("Authorization", authorization)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
