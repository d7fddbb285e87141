package io.sluice.sandbox.simulators;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GraphSimulatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant START = Instant.parse("2024-05-02T08:00:00Z");
  private final List<String> signIns = EntraSignIns.scenario(11, 60, START);
  private final GraphSimulator graph = GraphSimulator.start("t1", "app", "s3cret", signIns);
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    graph.close();
  }

  @Test
  void shouldScriptAPasswordSprayOverAtLeastTenUsersFromOneIpAndABruteForceBurst()
      throws Exception {
    List<JsonNode> all = new ArrayList<>();
    for (String s : signIns) {
      all.add(JSON.readTree(s));
    }
    Set<String> sprayed =
        all.stream()
            .filter(s -> s.path("ipAddress").asText().equals(EntraSignIns.SPRAY_IP))
            .filter(s -> s.path("status").path("errorCode").asInt() == 50126)
            .map(s -> s.path("userPrincipalName").asText())
            .collect(Collectors.toSet());
    long bruteFailures =
        all.stream()
            .filter(s -> s.path("ipAddress").asText().equals(EntraSignIns.BRUTE_FORCE_IP))
            .filter(s -> s.path("userPrincipalName").asText().equals(EntraSignIns.BRUTE_FORCE_USER))
            .filter(s -> s.path("status").path("errorCode").asInt() == 50126)
            .count();

    assertThat(sprayed).hasSizeGreaterThanOrEqualTo(10);
    assertThat(bruteFailures).isEqualTo(12);
    assertThat(EntraSignIns.scenario(11, 60, START)).as("deterministic").isEqualTo(signIns);
    assertThat(all).extracting(s -> s.path("id").asText()).doesNotHaveDuplicates();
  }

  @Test
  void shouldServeNewestFirstAndPageWithANextLinkUntilTheLastPage() throws Exception {
    String token = token();
    String filter =
        URLEncoder.encode("createdDateTime ge " + START, StandardCharsets.UTF_8)
            .replace("+", "%20");
    JsonNode page = get("/v1.0/auditLogs/signIns?$filter=" + filter + "&$top=40", token);
    List<Instant> times = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    int pages = 0;
    while (true) {
      pages++;
      page.path("value")
          .forEach(
              s -> {
                times.add(Instant.parse(s.path("createdDateTime").asText()));
                ids.add(s.path("id").asText());
              });
      if (!page.has("@odata.nextLink")) {
        break;
      }
      URI next = URI.create(page.get("@odata.nextLink").asText());
      page = get(next.getRawPath() + "?" + next.getRawQuery(), token);
    }

    assertThat(pages).isEqualTo(3);
    assertThat(ids).hasSize(signIns.size());
    assertThat(times).isSortedAccordingTo((a, b) -> b.compareTo(a));
  }

  @Test
  void shouldAnswerGraphsErrorBodiesAndRetryAfterInSeconds() throws Exception {
    HttpResponse<String> unauthorized = send("/v1.0/auditLogs/signIns", "Bearer nope");
    String token = token();
    graph.faults().rateLimitEvery(1);
    HttpResponse<String> throttled = send("/v1.0/auditLogs/signIns", "Bearer " + token);

    assertThat(unauthorized.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(unauthorized.body()).path("error").path("code").asText())
        .isEqualTo("InvalidAuthenticationToken");
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.headers().firstValue("Retry-After")).contains("1");
  }

  @Test
  void shouldRejectAWrongSecretWithInvalidClientAndExpireTokensOnDemand() throws Exception {
    HttpResponse<String> refused = tokenResponse("wrong");
    String token = token();
    HttpResponse<String> before = send("/v1.0/auditLogs/signIns?$top=1", "Bearer " + token);
    graph.expireTokens();
    HttpResponse<String> after = send("/v1.0/auditLogs/signIns?$top=1", "Bearer " + token);

    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).contains("\"error\":\"invalid_client\"", "AADSTS7000215");
    assertThat(before.statusCode()).isEqualTo(200);
    assertThat(after.statusCode()).isEqualTo(401);
  }

  private String token() throws Exception {
    HttpResponse<String> response = tokenResponse("s3cret");
    assertThat(response.statusCode()).isEqualTo(200);
    return JSON.readTree(response.body()).get("access_token").asText();
  }

  private HttpResponse<String> tokenResponse(String secret) throws Exception {
    String form =
        "grant_type=client_credentials&client_id=app&client_secret="
            + secret
            + "&scope="
            + URLEncoder.encode(GraphSimulator.SCOPE, StandardCharsets.UTF_8);
    return http.send(
        HttpRequest.newBuilder(URI.create(graph.baseUrl() + "/t1/oauth2/v2.0/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode get(String pathAndQuery, String token) throws Exception {
    HttpResponse<String> response = send(pathAndQuery, "Bearer " + token);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private HttpResponse<String> send(String pathAndQuery, String authorization) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(graph.baseUrl() + pathAndQuery))
            .header("Authorization", authorization)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
