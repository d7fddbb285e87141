package io.sluice.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sluice.schemas.Alert;
import io.sluice.schemas.AuthenticationEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP client against a stub that answers like Confluent Schema Registry does. */
class HttpSchemaRegistryClientTest {

  private static final String PASSWORD = "s3cr3t-Pa55word";
  private static final String USER_INFO = "sluice-app:" + PASSWORD;
  private static final String BASE_PATH = "/apis/ccompat/v7";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final StubRegistry stub = new StubRegistry();
  private HttpSchemaRegistryClient client;

  @BeforeEach
  void startStub() throws IOException {
    stub.start();
    client =
        new HttpSchemaRegistryClient(
            stub.url() + BASE_PATH,
            Map.of(
                SerdeConfig.BASIC_AUTH_USER_INFO,
                USER_INFO,
                SerdeConfig.REQUEST_TIMEOUT_MS,
                2_000)); // 500 ms timed out on a loaded 2-core box
  }

  @AfterEach
  void stopStub() {
    stub.stop();
  }

  @Test
  void shouldRegisterWithTheConfluentProtocolAndBasicAuth() throws IOException {
    stub.answer("POST", BASE_PATH + "/subjects/alerts.auth-value/versions", 200, "{\"id\":21}");

    int id = client.register("alerts.auth-value", Alert.getClassSchema());

    assertThat(id).isEqualTo(21);
    Request request = stub.lastRequest();
    assertThat(request.query()).isEqualTo("normalize=true");
    assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
    assertThat(request.authorization())
        .isEqualTo(
            "Basic "
                + Base64.getEncoder().encodeToString(USER_INFO.getBytes(StandardCharsets.UTF_8)));
    JsonNode body = JSON.readTree(request.body());
    assertThat(body.get("schema").asText()).isEqualTo(Alert.getClassSchema().toString());
  }

  @Test
  void shouldFetchASchemaById() throws IOException {
    String schemaJson = AuthenticationEvent.getClassSchema().toString();
    stub.answer(
        "GET",
        BASE_PATH + "/schemas/ids/7",
        200,
        JSON.createObjectNode().put("schema", schemaJson).toString());

    assertThat(client.getById(7)).isEqualTo(AuthenticationEvent.getClassSchema());
    assertThat(stub.lastRequest().method()).isEqualTo("GET");
  }

  @Test
  void shouldLookUpARegisteredSchemaWithoutRegisteringIt() {
    stub.answer(
        "POST",
        BASE_PATH + "/subjects/alerts.auth-value",
        200,
        "{\"subject\":\"alerts.auth-value\",\"version\":3,\"id\":21,\"schema\":\"{}\"}");

    assertThat(client.lookupId("alerts.auth-value", Alert.getClassSchema())).hasValue(21);
    assertThat(stub.lastRequest().query()).isEqualTo("normalize=true");
  }

  @Test
  void shouldTreatAnUnknownSubjectOrSchemaAsNotRegistered() {
    stub.answer(
        "POST",
        BASE_PATH + "/subjects/alerts.auth-value",
        404,
        "{\"error_code\":40403,\"message\":\"Schema not found\"}");
    stub.answer(
        "POST",
        BASE_PATH + "/subjects/alerts.email-value",
        404,
        "{\"error_code\":40401,\"message\":\"Subject 'alerts.email-value' not found.\"}");

    assertThat(client.lookupId("alerts.auth-value", Alert.getClassSchema())).isEmpty();
    assertThat(client.lookupId("alerts.email-value", Alert.getClassSchema())).isEmpty();
  }

  @Test
  void shouldSurfaceAnIncompatibleSchemaAsItsOwnClearError() {
    stub.answer(
        "POST",
        BASE_PATH + "/subjects/alerts.auth-value/versions",
        409,
        "{\"error_code\":409,\"message\":\"Schema being registered is incompatible with an"
            + " earlier schema for subject \\\"alerts.auth-value\\\"\"}");

    ThrowingCallable register = () -> client.register("alerts.auth-value", Alert.getClassSchema());

    assertThatThrownBy(register)
        .isInstanceOf(IncompatibleSchemaException.class)
        .hasMessageContaining("rejected registering io.sluice.schemas.Alert")
        .hasMessageContaining("subject 'alerts.auth-value'")
        .hasMessageContaining("incompatible with an earlier version")
        .hasMessageContaining("HTTP 409, error_code 409")
        .hasMessageContaining("Schema being registered is incompatible")
        .hasMessageNotContaining(PASSWORD)
        .satisfies(
            e -> {
              IncompatibleSchemaException incompatible = (IncompatibleSchemaException) e;
              assertThat(incompatible.status()).isEqualTo(409);
              assertThat(incompatible.errorCode()).isEqualTo(409);
              assertThat(incompatible.path())
                  .isEqualTo(BASE_PATH + "/subjects/alerts.auth-value/versions");
            });
  }

  @Test
  void shouldReportAnUnknownSchemaIdWithTheRegistryErrorCode() {
    stub.answer(
        "GET",
        BASE_PATH + "/schemas/ids/404",
        404,
        "{\"error_code\":40403,\"message\":\"Schema 404 not found\"}");

    assertThatThrownBy(() -> client.getById(404))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("fetching schema id 404 failed: not found")
        .hasMessageContaining("HTTP 404, error_code 40403")
        .hasMessageContaining("GET " + stub.url() + BASE_PATH + "/schemas/ids/404")
        .hasMessageContaining("Schema 404 not found")
        .hasMessageNotContaining(PASSWORD)
        .satisfies(e -> assertThat(((SchemaRegistryException) e).isNotFound()).isTrue());
  }

  @Test
  void shouldReportAServerErrorWithStatusCodeMessageAndPath() {
    stub.answer(
        "POST",
        BASE_PATH + "/subjects/risk.users-value/versions",
        500,
        "{\"error_code\":50001,\"message\":\"Error in the backend data store\"}");

    assertThatThrownBy(() -> client.register("risk.users-value", Alert.getClassSchema()))
        .isInstanceOf(SchemaRegistryException.class)
        .isNotInstanceOf(IncompatibleSchemaException.class)
        .hasMessageContaining(
            "registering io.sluice.schemas.Alert under subject 'risk.users-value' failed")
        .hasMessageContaining("HTTP 500, error_code 50001")
        .hasMessageContaining("Error in the backend data store")
        .hasMessageNotContaining(PASSWORD)
        .satisfies(
            e -> {
              SchemaRegistryException error = (SchemaRegistryException) e;
              assertThat(error.status()).isEqualTo(500);
              assertThat(error.errorCode()).isEqualTo(50001);
              assertThat(error.path()).isEqualTo(BASE_PATH + "/subjects/risk.users-value/versions");
            });
  }

  @Test
  void shouldHintAtTheUrlWhenThePathDoesNotExist() {
    assertThatThrownBy(() -> client.getById(1))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("HTTP 404")
        .hasMessageContaining("is schema.registry.url right?")
        .hasMessageNotContaining(PASSWORD);
  }

  @Test
  void shouldSayWhichSettingToCheckWhenCredentialsAreRefused() {
    stub.answer(
        "GET",
        BASE_PATH + "/schemas/ids/1",
        401,
        "{\"error_code\":401,\"message\":\"Unauthorized\"}");

    assertThatThrownBy(() -> client.getById(1))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("credentials refused, check basic.auth.user.info")
        .hasMessageNotContaining(PASSWORD)
        .hasMessageNotContaining("sluice-app:");
  }

  @Test
  void shouldKeepABodyThatIsNotJsonShortInTheMessage() {
    stub.answer("GET", BASE_PATH + "/schemas/ids/1", 502, "<html>" + "x".repeat(5_000) + "</html>");

    assertThatThrownBy(() -> client.getById(1))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("HTTP 502")
        .hasMessageContaining("<html>")
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(700));
  }

  @Test
  void shouldSetSubjectCompatibility() throws IOException {
    stub.answer(
        "PUT", BASE_PATH + "/config/alerts.auth-value", 200, "{\"compatibility\":\"BACKWARD\"}");

    client.setCompatibility("alerts.auth-value", CompatibilityLevel.BACKWARD);

    assertThat(stub.lastRequest().method()).isEqualTo("PUT");
    assertThat(JSON.readTree(stub.lastRequest().body()).get("compatibility").asText())
        .isEqualTo("BACKWARD");
  }

  @Test
  void shouldTakeCredentialsFromTheUrlAndKeepThemOutOfMessages() {
    stub.answer(
        "GET", BASE_PATH + "/schemas/ids/9", 500, "{\"error_code\":50001,\"message\":\"boom\"}");
    String host = stub.url().replace("http://", "");
    HttpSchemaRegistryClient withUrlCredentials =
        new HttpSchemaRegistryClient("http://" + USER_INFO + "@" + host + BASE_PATH, Map.of());

    assertThatThrownBy(() -> withUrlCredentials.getById(9))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("HTTP 500")
        .hasMessageNotContaining(PASSWORD)
        .hasMessageNotContaining("sluice-app");
    assertThat(stub.lastRequest().authorization()).startsWith("Basic ");
    assertThat(withUrlCredentials.baseUri().toString()).doesNotContain(PASSWORD);
  }

  @Test
  void shouldWrapAnUnreachableRegistryClearly() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    HttpSchemaRegistryClient unreachable =
        new HttpSchemaRegistryClient(
            "http://127.0.0.1:" + closedPort,
            Optional.of(USER_INFO),
            Duration.ofSeconds(2),
            Duration.ofSeconds(2));

    assertThatThrownBy(() -> unreachable.register("alerts.auth-value", Alert.getClassSchema()))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("could not be reached registering io.sluice.schemas.Alert")
        .hasMessageContaining("ConnectException")
        .hasMessageNotContaining(PASSWORD)
        .satisfies(e -> assertThat(((SchemaRegistryException) e).status()).isEqualTo(-1));
  }

  @Test
  void shouldGiveUpAfterTheRequestTimeout() {
    stub.answerSlowly("GET", BASE_PATH + "/schemas/ids/3", Duration.ofSeconds(5));

    assertThatThrownBy(() -> client.getById(3))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("did not answer fetching schema id 3 within 2000 ms")
        .hasMessageContaining(SerdeConfig.REQUEST_TIMEOUT_MS);
  }

  @Test
  void shouldRefuseUserInfoWithoutAPassword() {
    assertThatThrownBy(
            () ->
                new HttpSchemaRegistryClient(
                    stub.url(), Map.of(SerdeConfig.BASIC_AUTH_USER_INFO, "only-a-user")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("user:password")
        .hasMessageNotContaining("only-a-user");
  }

  private record Request(
      String method,
      String path,
      String query,
      String contentType,
      String authorization,
      String body) {}

  /** Answers canned bodies per method and path; anything else gets Confluent's 404. */
  private static final class StubRegistry {
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private HttpServer server;

    void start() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setExecutor(executor);
      server.createContext("/", this::handle);
      server.start();
    }

    void stop() {
      server.stop(0);
      executor.shutdownNow();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void answer(String method, String path, int status, String body) {
      answers.put(method + " " + path, new Answer(status, body, Duration.ZERO));
    }

    void answerSlowly(String method, String path, Duration delay) {
      answers.put(method + " " + path, new Answer(200, "{}", delay));
    }

    Request lastRequest() {
      return requests.get(requests.size() - 1);
    }

    private void handle(HttpExchange exchange) throws IOException {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getRawPath();
      requests.add(
          new Request(
              method,
              path,
              exchange.getRequestURI().getRawQuery(),
              exchange.getRequestHeaders().getFirst("Content-Type"),
              exchange.getRequestHeaders().getFirst("Authorization"),
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
      Answer answer = answers.getOrDefault(method + " " + path, new Answer(404, "", Duration.ZERO));
      if (!answer.delay().isZero()) {
        try {
          TimeUnit.MILLISECONDS.sleep(answer.delay().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", HttpSchemaRegistryClient.CONTENT_TYPE);
      exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }

    private record Answer(int status, String body, Duration delay) {}
  }
}
