package io.sluice.connectors.mimecast;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.connectors.core.ConnectorMetrics;
import io.sluice.connectors.http.HttpPageClient;
import io.sluice.connectors.http.Secret;
import io.sluice.sandbox.simulators.MimecastSimulator;
import java.time.Clock;
import java.time.Duration;

/** Wiring shared by the feed tests: an HTTP client and OAuth2 against a simulator. */
final class MimecastTestSupport {
  static final String CLIENT_ID = "it-mimecast-client";
  static final String CLIENT_SECRET = "it-mimecast-secret-5f2c9e0a7b";

  private MimecastTestSupport() {}

  static HttpPageClient http(SimpleMeterRegistry registry, String source) {
    return new HttpPageClient(
        HttpPageClient.newClient(Duration.ofSeconds(5)),
        Duration.ofSeconds(10),
        64L * 1024 * 1024,
        new ConnectorMetrics(registry, source));
  }

  static MimecastAuth auth(HttpPageClient http, MimecastSimulator sim, String secret) {
    return new MimecastAuth(http, sim.baseUrl(), CLIENT_ID, Secret.of(secret), Clock.systemUTC());
  }
}
