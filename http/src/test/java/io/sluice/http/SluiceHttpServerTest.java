package io.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one HTTP layer, over real sockets: routes, token, listeners, hostile targets. */
class SluiceHttpServerTest {
  private static final String TOKEN = "s3cret-token-0123456789";
  private final HttpClient client = HttpClient.newHttpClient();
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private SluiceHttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private SluiceHttpServer start(HttpSettings settings) {
    server =
        SluiceHttpServer.start(
            settings,
            registry,
            HealthAnswer::healthy,
            () -> new HealthAnswer(false, Map.of("status", "DOWN", "detail", "Kafka at k:9092")));
    server.json("/api/hello", exchange -> Map.of("hello", "world"));
    server.staticFiles("/views/", "views/");
    server.page("/", "views/index.html");
    server.page("/clicks", "views/index.html");
    return server;
  }

  private HttpResponse<String> get(int port, String path, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldServeRoutesMetricsAndHealthOnOneLoopbackListenerWithoutAToken() throws Exception {
    start(HttpSettings.loopback(0));
    Counter.builder("sluice_demo").register(registry).increment();

    assertThat(get(server.port(), "/api/hello").body()).isEqualTo("{\"hello\":\"world\"}");
    assertThat(get(server.port(), "/metrics").body()).contains("sluice_demo_total 1.0");
    assertThat(get(server.port(), "/health/live").statusCode()).isEqualTo(200);
    HttpResponse<String> ready = get(server.port(), "/health/ready");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body()).contains("Kafka at k:9092");
    assertThat(get(server.port(), "/views/").body()).contains("<title>Sluice</title>");
    assertThat(get(server.port(), "/views/missing.js").statusCode()).isEqualTo(404);
    assertThat(get(server.port(), "/nothing-here").statusCode()).isEqualTo(404);
    assertThat(get(server.port(), "/").body()).contains("<title>Sluice</title>");
    HttpResponse<String> page = get(server.port(), "/clicks");
    assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
    assertThat(page.body()).contains("<title>Sluice</title>");
    assertThat(get(server.port(), "/clicks/").statusCode()).isEqualTo(404);
  }

  @Test
  void shouldRequireTheBearerTokenForRoutesAndViewsButNotForMetricsAndHealth() throws Exception {
    start(HttpSettings.loopback(0).withToken(TOKEN));

    HttpResponse<String> anonymous = get(server.port(), "/api/hello");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
        .contains("Bearer realm=\"sluice\"");
    assertThat(get(server.port(), "/api/hello", "Authorization", "Bearer wrong").statusCode())
        .isEqualTo(401);
    assertThat(get(server.port(), "/api/hello", "Authorization", "Basic " + TOKEN).statusCode())
        .isEqualTo(401);
    assertThat(get(server.port(), "/views/").statusCode()).isEqualTo(401);
    assertThat(get(server.port(), "/clicks").statusCode()).isEqualTo(401);
    assertThat(get(server.port(), "/api/hello", "Authorization", "Bearer " + TOKEN).statusCode())
        .isEqualTo(200);
    assertThat(get(server.port(), "/views/", "Authorization", "bearer " + TOKEN).statusCode())
        .isEqualTo(200);
    assertThat(get(server.port(), "/metrics").statusCode()).isEqualTo(200);
    assertThat(get(server.port(), "/health/live").statusCode()).isEqualTo(200);
  }

  @Test
  void shouldServeMetricsAndHealthOnlyOnTheManagementListenerWhenItHasOne() throws Exception {
    start(HttpSettings.loopback(0).withManagement("127.0.0.1", 0));

    assertThat(server.managementPort()).isNotEqualTo(server.port());
    assertThat(get(server.managementPort(), "/metrics").statusCode()).isEqualTo(200);
    assertThat(get(server.managementPort(), "/health/live").statusCode()).isEqualTo(200);
    assertThat(get(server.managementPort(), "/api/hello").statusCode()).isEqualTo(404);
    assertThat(get(server.port(), "/metrics").statusCode()).isEqualTo(404);
    assertThat(get(server.port(), "/api/hello").statusCode()).isEqualTo(200);
  }

  @Test
  void shouldAnswerHostileTargets400BeforeAnyHandlerAndNeverEchoThem() throws Exception {
    start(HttpSettings.loopback(0).withToken(TOKEN));

    for (String target :
        List.of(
            "/views/../../etc/passwd",
            "/views/%2e%2e/%2e%2e/etc/passwd",
            "/api/users/%00/risk",
            "/api/hello?x=%0d%0aSet-Cookie:%20evil")) {
      String response = raw(server.port(), "GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(response).as(target).startsWith("HTTP/1.1 400");
      assertThat(response).as(target).doesNotContain("passwd").doesNotContain("evil");
    }
    assertThat(raw(server.port(), "GET /api/hello HTTP/1.1\r\nHost: x\r\n\r\n"))
        .as("the same route with an ordinary target is refused for the token, not the path")
        .startsWith("HTTP/1.1 401");
  }

  @Test
  void shouldNameTheAddressWhenItCannotListen() {
    start(HttpSettings.loopback(0));
    int taken = server.port();

    assertThatThrownBy(
            () ->
                SluiceHttpServer.start(
                    HttpSettings.loopback(taken),
                    registry,
                    HealthAnswer::healthy,
                    HealthAnswer::healthy))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("cannot listen on 127.0.0.1:" + taken);
  }

  /** A request written byte for byte: java.net.http refuses to send the hostile ones. */
  private static String raw(int port, String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[4096];
      int n = in.read(buffer);
      return n < 0 ? "" : new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
    }
  }
}
