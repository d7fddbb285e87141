package io.sluice.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.connectors.core.ConnectorMetrics;
import io.sluice.connectors.core.ErrorKind;
import io.sluice.connectors.core.VendorException;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class HttpPageClientTest {
  private static final String PAGE = "[{\"uuid\":\"u-1\",\"displayMessage\":\"Zoë\"}]";

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void shouldDecodeAGzipBodyToTheVendorsBytes() throws Exception {
    try (TinyServer server =
        new TinyServer(
            "/logs",
            exchange -> {
              exchange.getResponseHeaders().set("Content-Encoding", "gzip");
              TinyServer.respond(exchange, 200, gzip(PAGE));
            })) {

      HttpResult result = client(1 << 20).send(HttpRequest.newBuilder(server.uri("/logs")));

      assertThat(result.body()).isEqualTo(PAGE.getBytes(StandardCharsets.UTF_8));
      assertThat(registry.get("sluice.connector.requests").tag("status", "200").counter().count())
          .isEqualTo(1);
    }
  }

  @Test
  void shouldRefuseAPageLargerThanTheCapWithAClearPermanentError() throws Exception {
    byte[] big = new byte[4096];
    java.util.Arrays.fill(big, (byte) ' ');
    try (TinyServer server =
        new TinyServer("/logs", exchange -> TinyServer.respond(exchange, 200, big))) {

      assertThatThrownBy(() -> client(1024).send(HttpRequest.newBuilder(server.uri("/logs"))))
          .isInstanceOfSatisfying(
              VendorException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT))
          .hasMessageContaining("http.max.page.bytes=1024");
    }
  }

  @Test
  void shouldCapTheDecompressedSizeSoAGzipBombCannotFillTheHeap() throws Exception {
    String huge = " ".repeat(1 << 20);
    try (TinyServer server =
        new TinyServer(
            "/logs",
            exchange -> {
              exchange.getResponseHeaders().set("Content-Encoding", "gzip");
              TinyServer.respond(exchange, 200, gzip(huge));
            })) {

      assertThatThrownBy(() -> client(64 * 1024).send(HttpRequest.newBuilder(server.uri("/logs"))))
          .hasMessageContaining("exceeds http.max.page.bytes");
    }
  }

  @Test
  void shouldTreatATimeoutAsRetryableAndNameOnlyHostAndPath() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (TinyServer server =
        new TinyServer(
            "/logs",
            exchange -> {
              try {
                release.await(5, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              TinyServer.respond(exchange, 200, new byte[0]);
            })) {
      HttpPageClient client =
          new HttpPageClient(
              HttpPageClient.newClient(Duration.ofSeconds(1)),
              Duration.ofMillis(200),
              1024,
              new ConnectorMetrics(registry, "test.feed"));

      assertThatThrownBy(
              () -> client.send(HttpRequest.newBuilder(server.uri("/logs?after=cursor-123"))))
          .isInstanceOfSatisfying(
              VendorException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.RETRYABLE))
          .hasMessageContaining("/logs: timed out")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("cursor-123"));
      release.countDown();
    }
  }

  private HttpPageClient client(long maxBytes) {
    return new HttpPageClient(
        HttpPageClient.newClient(Duration.ofSeconds(2)),
        Duration.ofSeconds(5),
        maxBytes,
        new ConnectorMetrics(registry, "test.feed"));
  }

  private static byte[] gzip(String text) throws java.io.IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }
}
