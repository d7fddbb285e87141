package io.sluice.sandbox.simulators;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Mimecast simulator speaks the API as documented: OAuth2, envelope, paging, files, faults. */
class MimecastSimulatorTest {
  private static final Instant START = Instant.parse("2024-11-14T08:00:00Z");
  private static final Pattern TOKEN = Pattern.compile("\"access_token\":\"([^\"]+)\"");
  private static final Pattern URL = Pattern.compile("\"url\":\"([^\"]+)\"");

  private final MimecastEvents.Scenario scenario = MimecastEvents.scenario(1, START, 2, 1, 3);
  private final MimecastSimulator sim = MimecastSimulator.start("id", "secret", scenario);
  private final HttpClient client = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void shouldIssueA1799SecondBearerTokenForTheRightClientOnly() throws Exception {
    HttpResponse<String> ok = token("secret");
    HttpResponse<String> wrong = token("nope");

    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).contains("\"token_type\":\"Bearer\",\"expires_in\":1799");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).contains("invalid_client");
  }

  @Test
  void shouldPageAndEndWithElasticsMockLastPage() throws Exception {
    String bearer = bearer();
    // 2 benign + 6 scripted clicks = 8, pages of 4: 4, 4, then data [] with next "String"
    HttpResponse<String> first = logs(bearer, null, 4);
    String next = field(first.body(), "next");
    HttpResponse<String> second = logs(bearer, next, 4);
    HttpResponse<String> third = logs(bearer, field(second.body(), "next"), 4);

    assertThat(first.body()).contains("\"data\":[{\"clickLogs\":[{");
    assertThat(third.body()).contains("\"next\":\"String\"").contains("\"data\":[]");
    assertThat(logs(bearer, "String", 4).statusCode()).isEqualTo(400);
    assertThat(first.headers().firstValue("X-RateLimit-Remaining")).isPresent();
    assertThat(first.headers().firstValue("X-RateLimit-Reset"))
        .as("on every response, as documented")
        .isPresent();
  }

  @Test
  void shouldAnswer401AfterTokensExpireAndFailInA200WhenAsked() throws Exception {
    String bearer = bearer();
    sim.failNext(1, MimecastSimulator.FailShape.NESTED, false);
    assertThat(logs(bearer, null, 4).body())
        .contains("\"fail\":[{\"key\":{},\"errors\":[{\"code\":")
        .contains("\"retryable\":false");
    sim.failNext(1, MimecastSimulator.FailShape.FLAT, null);
    assertThat(logs(bearer, null, 4).body()).contains("\"fail\":[{\"code\":");

    sim.expireTokens();

    assertThat(logs(bearer, null, 4).statusCode()).isEqualTo(401);
  }

  @Test
  void shouldRateLimitWithResetInMilliseconds() throws Exception {
    String bearer = bearer(); // request 1
    sim.rateLimitResetMillis(750).faults().rateLimitEvery(2);

    HttpResponse<String> limited = logs(bearer, null, 4); // request 2

    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("X-RateLimit-Reset")).contains("750");
  }

  @Test
  void shouldServePreSignedGzipFilesOnlyWithoutAuthorizationAndExpireOnRequest() throws Exception {
    String bearer = bearer();
    HttpResponse<String> listing =
        get(
            sim.baseUrl()
                + MimecastSimulator.SIEM_PATH
                + "?type=receipt&pageSize=10"
                + "&dateRangeStartsAt=2024-11-14",
            bearer);
    Matcher url = URL.matcher(listing.body());
    assertThat(url.find()).isTrue();
    assertThat(listing.body()).contains("\"@nextPage\":\"");

    HttpResponse<byte[]> file =
        client.send(
            HttpRequest.newBuilder(URI.create(url.group(1))).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(file.statusCode()).isEqualTo(200);
    assertThat(file.body()[0] & 0xff).isEqualTo(0x1f);
    assertThat(get(url.group(1), bearer).statusCode()).isEqualTo(400);

    sim.expireFile("receipt", 0);
    assertThat(get(url.group(1), null).statusCode()).isEqualTo(404);
  }

  private HttpResponse<String> token(String secret) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(sim.baseUrl() + MimecastSimulator.TOKEN_PATH))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "grant_type=client_credentials&client_id=id&client_secret=" + secret))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String bearer() throws Exception {
    Matcher m = TOKEN.matcher(token("secret").body());
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private HttpResponse<String> logs(String bearer, String pageToken, int size) throws Exception {
    String body =
        "{\"meta\":{\"pagination\":{\"pageSize\":"
            + size
            + (pageToken == null ? "" : ",\"pageToken\":\"" + pageToken + "\"")
            + "}},\"data\":[{\"from\":\"2024-11-14T00:00:00+0000\",\"to\":"
            + "\"2024-11-15T00:00:00+0000\",\"oldestFirst\":true}]}";
    return client.send(
        HttpRequest.newBuilder(URI.create(sim.baseUrl() + MimecastEvents.TTP_URL))
            .header("Authorization", "Bearer " + bearer)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String url, String bearer) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
    assertThat(m.find()).as("%s in %s", name, json).isTrue();
    return m.group(1);
  }
}
