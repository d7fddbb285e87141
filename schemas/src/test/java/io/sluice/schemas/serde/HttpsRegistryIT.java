package io.sluice.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.sluice.sandbox.harness.ApicurioRegistry;
import io.sluice.sandbox.harness.SandboxExtension;
import io.sluice.sandbox.harness.TestCertificates;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The registry over HTTPS with basic auth, as production fronts it: a TLS-terminating proxy that
 * checks the credentials (certificates made by the test) in front of the real Apicurio registry.
 */
@ExtendWith(SandboxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpsRegistryIT {
  private static final String PASSWORD = "regPa55-" + Long.toHexString(System.nanoTime());
  private static final Schema SCHEMA =
      new Schema.Parser()
          .parse(
              "{\"type\":\"record\",\"name\":\"HttpsProbe\",\"namespace\":\"io.sluice.test\","
                  + "\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}");

  private Path dir;
  private TestCertificates certs;
  private HttpsServer proxy;

  @BeforeAll
  void start(ApicurioRegistry registry) throws Exception {
    dir = Files.createTempDirectory("sluice-https-registry-");
    certs = TestCertificates.generate(dir);
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(certs.serverKeystore())) {
      store.load(in, certs.password().toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, certs.password().toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keys.getKeyManagers(), null, null);
    proxy = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    proxy.setHttpsConfigurator(new HttpsConfigurator(tls));
    proxy.setExecutor(Executors.newFixedThreadPool(2));
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(("sluice:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    HttpClient upstream = HttpClient.newHttpClient();
    proxy.createContext(
        "/",
        exchange -> {
          try (exchange) {
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
              send(exchange, 401, "{\"error_code\":401,\"message\":\"Unauthorized\"}");
              return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            HttpRequest.Builder forward =
                HttpRequest.newBuilder(
                        URI.create(registry.baseUrl() + exchange.getRequestURI().toString()))
                    .method(
                        exchange.getRequestMethod(),
                        body.length == 0
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            if (type != null) {
              forward.header("Content-Type", type);
            }
            HttpResponse<String> answer =
                upstream.send(forward.build(), HttpResponse.BodyHandlers.ofString());
            send(exchange, answer.statusCode(), answer.body());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    proxy.start();
  }

  @AfterAll
  void stop() throws Exception {
    proxy.stop(0);
    org.apache.kafka.common.utils.Utils.delete(dir.toFile());
  }

  private String url() {
    return "https://localhost:" + proxy.getAddress().getPort() + "/apis/ccompat/v7";
  }

  private Map<String, Object> config(String password, boolean trust) {
    Map<String, Object> config = new HashMap<>();
    config.put(SerdeConfig.SCHEMA_REGISTRY_URL, url());
    config.put(SerdeConfig.BASIC_AUTH_USER_INFO, "sluice:" + password);
    if (trust) {
      config.put(SerdeConfig.SSL_TRUSTSTORE_LOCATION, certs.truststore().toString());
      config.put(SerdeConfig.SSL_TRUSTSTORE_PASSWORD, certs.password());
    }
    return config;
  }

  @Test
  void shouldRegisterOverHttpsWithBasicAuthAndTheConfiguredTrustStore() {
    SchemaRegistryClient client = SchemaRegistryClients.forUrl(url(), config(PASSWORD, true));

    client.checkReachable();
    int id = AvroSerializer.registerWithCompatibility(client, "https-probe-value", SCHEMA);

    assertThat(client.getById(id)).isEqualTo(SCHEMA);
    assertThat(client.subjectExists("https-probe-value")).isTrue();
  }

  @Test
  void shouldReportRefusedCredentialsAsAnOutageWithoutThePassword() {
    String wrong = "wrong-" + Long.toHexString(System.nanoTime());
    SchemaRegistryClient client = SchemaRegistryClients.forUrl(url(), config(wrong, true));

    SchemaRegistryException e =
        catchThrowableOfType(SchemaRegistryException.class, client::checkReachable);

    assertThat(e.status()).isEqualTo(401);
    assertThat(e.isOutage()).isTrue();
    assertThat(e.getMessage()).contains("credentials refused").doesNotContain(wrong);
  }

  @Test
  void shouldRefuseAServerItDoesNotTrust() {
    SchemaRegistryClient client = SchemaRegistryClients.forUrl(url(), config(PASSWORD, false));

    SchemaRegistryException e =
        catchThrowableOfType(SchemaRegistryException.class, client::checkReachable);

    assertThat(e.status()).isEqualTo(SchemaRegistryException.NONE);
    assertThat(e.getMessage()).contains("could not be reached").contains("localhost:");
  }

  private static void send(HttpExchange exchange, int status, String body)
      throws java.io.IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
