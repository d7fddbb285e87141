package io.sluice.streams.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The risk API's HTTP handling against a fake {@link RiskQueries}: paths, parameters, status codes
 * and JSON, on a loopback server with no Kafka.
 */
class RiskApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final UserRiskView ANN =
      new UserRiskView(
          "ann@corp.example", 45.0, 30, 1, 5, 0, Map.of("HIGH", 1L), false, "2024-05-02T12:00:00Z");

  private final List<String> asked = new ArrayList<>();
  private boolean unavailable;
  private HttpServer server;
  private final HttpClient client = HttpClient.newHttpClient();

  private final RiskQueries fake =
      new RiskQueries() {
        @Override
        public Optional<UserRiskView> user(String user) {
          return answer(
              "user " + user, user.equals(ANN.user()) ? Optional.of(ANN) : Optional.empty());
        }

        @Override
        public List<UserRiskView> top(int n) {
          return answer("top " + n, List.of(ANN));
        }

        @Override
        public Optional<UserRiskView> localUser(String user) {
          return answer("localUser " + user, Optional.empty());
        }

        @Override
        public List<UserRiskView> localTop(int n) {
          return answer("localTop " + n, List.of());
        }

        private <T> T answer(String call, T value) {
          asked.add(call);
          if (unavailable) {
            throw new StoreUnavailableException("risk store is rebalancing; retry later");
          }
          return value;
        }
      };

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(RiskApi.PUBLIC_PATH, RiskApi.publicApi(fake));
    server.createContext(RiskApi.INTERNAL_PATH, RiskApi.internalApi(fake));
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private HttpResponse<String> get(String pathAndQuery) throws Exception {
    return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET().build());
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }

  @Test
  void shouldAnswerTheTopUsersAsJson() throws Exception {
    HttpResponse<String> response = get("/api/users/risk?top=5");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("application/json; charset=utf-8");
    JsonNode body = json(response);
    assertThat(body.get("count").asInt()).isEqualTo(1);
    JsonNode ann = body.get("users").get(0);
    assertThat(ann.get("user").asText()).isEqualTo("ann@corp.example");
    assertThat(ann.get("score").asDouble()).isEqualTo(45.0);
    assertThat(ann.get("failed_logins").asLong()).isEqualTo(5);
    assertThat(ann.get("alerts_by_severity").get("HIGH").asLong()).isEqualTo(1);
    assertThat(ann.get("updated_at").asText()).isEqualTo("2024-05-02T12:00:00Z");
    assertThat(asked).containsExactly("top 5");
  }

  @Test
  void shouldAnswerOneUserNormalisingThePath() throws Exception {
    HttpResponse<String> response = get("/api/users/%20Ann%40Corp.Example/risk");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).get("user").asText()).isEqualTo("ann@corp.example");
    assertThat(asked).containsExactly("user ann@corp.example");
  }

  @Test
  void shouldAnswer404WithAMessageForAnUnknownUser() throws Exception {
    HttpResponse<String> response = get("/api/users/nobody@corp.example/risk");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response).get("error").asText())
        .isEqualTo("no risk recorded for this user in the last 30 days");
  }

  @Test
  void shouldAnswer400ForABadTopWithoutAskingTheStore() throws Exception {
    for (String query : List.of("top=abc", "top=0", "top=1001")) {
      HttpResponse<String> response = get("/api/users/risk?" + query);
      assertThat(response.statusCode()).as(query).isEqualTo(400);
      assertThat(json(response).get("error").asText()).contains("'top'");
    }
    assertThat(asked).isEmpty();
  }

  @Test
  void shouldAnswer400ForAnEmptyUser() throws Exception {
    HttpResponse<String> response = get("/api/users/%20/risk");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("error").asText()).isEqualTo("user must not be empty");
    assertThat(get("/api/users//risk").statusCode()).isEqualTo(400);
  }

  @Test
  void shouldAnswer503WithRetryAfterWhileTheStoreIsRebalancing() throws Exception {
    unavailable = true;

    HttpResponse<String> top = get("/api/users/risk");
    HttpResponse<String> user = get("/api/users/ann@corp.example/risk");

    for (HttpResponse<String> response : List.of(top, user)) {
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
      assertThat(json(response).get("error").asText()).contains("retry later");
    }
  }

  @Test
  void shouldAnswer404ForOtherPathsAnd405ForOtherMethods() throws Exception {
    assertThat(get("/api/users/ann@corp.example").statusCode()).isEqualTo(404);
    assertThat(get("/api/users/a/b/risk").statusCode()).isEqualTo(404);
    HttpResponse<String> post =
        send(
            HttpRequest.newBuilder(uri("/api/users/risk"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET");
    assertThat(asked).isEmpty();
  }

  @Test
  void shouldAnswerInternalPathsFromTheLocalStoreOnly() throws Exception {
    assertThat(get("/api/internal/users/risk?top=3").statusCode()).isEqualTo(200);
    assertThat(get("/api/internal/users/ann@corp.example/risk").statusCode()).isEqualTo(404);

    assertThat(asked).containsExactly("localTop 3", "localUser ann@corp.example");
  }
}
