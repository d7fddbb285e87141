package io.sluice.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.sandbox.harness.ApicurioRegistry;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.sandbox.harness.SandboxExtension;
import io.sluice.streams.config.SluiceConfig;
import io.sluice.streams.detect.RuleLoader;
import io.sluice.streams.testing.OktaEvents;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * The streams app with every secret it can hold — registry basic auth (as a setting and in the
 * URL), the Kafka SASL password, the API token — runs, serves and refuses requests; none of the
 * secrets appears in its logs, {@code /metrics}, health bodies or error bodies. The API token is
 * enforced, and hostile paths get 400.
 */
@ExtendWith(SandboxExtension.class)
class StreamsSecretsIT {
  private static final String NONCE = Long.toHexString(System.nanoTime());
  private static final String REGISTRY_PASSWORD = "regS3cret-" + NONCE;
  private static final String URL_PASSWORD = "urlS3cret-" + NONCE;
  private static final String SASL_PASSWORD = "saslS3cret-" + NONCE;
  private static final String TOKEN = "apiT0ken-" + NONCE;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void shouldEnforceTheTokenAndNeverExposeASecret(EmbeddedKafka kafka, ApicurioRegistry registry)
      throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    root.addAppender(captured);
    Level previous = root.getLevel();
    root.setLevel(Level.DEBUG);
    ((Logger) LoggerFactory.getLogger("org.apache.kafka")).setLevel(Level.INFO);
    Path state = Files.createTempDirectory("sluice-secrets-it-");
    List<String> texts = new ArrayList<>();
    try {
      Map<String, String> flags = new LinkedHashMap<>();
      flags.put(SluiceConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
      flags.put(
          SluiceConfig.SCHEMA_REGISTRY_URL,
          registry.url().replace("http://", "http://sluice:" + URL_PASSWORD + "@"));
      flags.put(SluiceConfig.SCHEMA_REGISTRY_AUTH, "sluice:" + REGISTRY_PASSWORD);
      flags.put(SluiceConfig.APPLICATION_ID, "sluice-secrets-it");
      flags.put(SluiceConfig.STATE_DIR, state.toString());
      flags.put(SluiceConfig.HTTP_PORT, "0");
      // the shared broker's topics have 2 partitions, as the other ITs on it create them
      flags.put(SluiceConfig.TOPIC_PARTITIONS, "2");
      flags.put("http.api.token", TOKEN);
      flags.put(
          "kafka.sasl.jaas.config",
          "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\""
              + " password=\""
              + SASL_PASSWORD
              + "\";");
      SluiceConfig config = SluiceConfig.load(Optional.empty(), Map.of(), flags);
      texts.add(config.toString());
      try (StreamsApp app =
          StreamsApp.startServing(
              config,
              new RuleLoader().load(Optional.empty()),
              new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerConfig())) {
          producer.send(
              new ProducerRecord<>(
                  "raw.okta.system-log",
                  OktaEvents.failedLogin("fred@corp.example", Instant.parse("2024-05-02T12:00:00Z"))
                      .toString()
                      .getBytes(StandardCharsets.UTF_8)));
        }
        await()
            .alias("ready")
            .dontCatchUncaughtExceptions()
            .atMost(Duration.ofSeconds(90))
            .until(() -> get(app.httpPort(), "/health/ready").statusCode() == 200);
        HttpResponse<String> anonymous = get(app.httpPort(), "/api/users/risk");
        HttpResponse<String> wrong =
            get(app.httpPort(), "/api/users/risk", "Authorization", "Bearer not-" + TOKEN);
        HttpResponse<String> hostile =
            raw(app.httpPort(), "/api/users/..%2f..%2fetc%2fpasswd/risk");
        await()
            .alias("the risk API answers with the token")
            .dontCatchUncaughtExceptions()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    get(app.httpPort(), "/api/users/risk", "Authorization", "Bearer " + TOKEN)
                            .statusCode()
                        == 200);

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(hostile.statusCode()).isEqualTo(400);
        assertThat(get(app.httpPort(), "/metrics").statusCode()).isEqualTo(200);
        for (HttpResponse<String> response :
            List.of(
                anonymous,
                wrong,
                hostile,
                get(app.httpPort(), "/metrics"),
                get(app.httpPort(), "/health/ready"),
                get(app.httpPort(), "/health/live"),
                get(
                    app.httpPort(),
                    "/api/users/nobody%40corp.example/risk",
                    "Authorization",
                    "Bearer " + TOKEN),
                get(
                    app.httpPort(),
                    "/api/users/risk?top=abc",
                    "Authorization",
                    "Bearer " + TOKEN))) {
          texts.add(response.statusCode() + " " + response.body());
        }
      }
    } finally {
      root.detachAppender(captured);
      root.setLevel(previous);
      org.apache.kafka.common.utils.Utils.delete(state.toFile());
    }
    for (ILoggingEvent event : captured.list) {
      texts.add(event.getFormattedMessage());
      for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
        texts.add(t.getClassName() + ": " + t.getMessage());
      }
    }

    assertThat(texts).as("the config line hides secrets").anyMatch(t -> t.contains("[hidden]"));
    assertThat(texts).as("metrics were read").anyMatch(t -> t.contains("sluice_ready"));
    assertThat(texts).anyMatch(t -> t.startsWith("400 ")).anyMatch(t -> t.startsWith("404 "));
    for (String secret : List.of(REGISTRY_PASSWORD, URL_PASSWORD, SASL_PASSWORD, TOKEN)) {
      assertThat(texts).as("no text carries " + secret).noneMatch(t -> t.contains(secret));
    }
  }

  private HttpResponse<String> get(int port, String path, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> raw(int port, String path) throws Exception {
    return get(port, path, "Authorization", "Bearer " + TOKEN);
  }
}
