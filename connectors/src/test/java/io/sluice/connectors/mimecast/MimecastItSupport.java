package io.sluice.connectors.mimecast;

import io.sluice.connectors.core.ConnectorFactory;
import io.sluice.connectors.testing.ItConnectors;
import io.sluice.connectors.testing.ItConnectors.RunningConnector;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.sandbox.simulators.MimecastSimulator;
import io.sluice.sandbox.simulators.SimClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** What only the Mimecast connector ITs share (the rest is {@link ItConnectors}). */
final class MimecastItSupport {
  static final String CLIENT_ID = MimecastTestSupport.CLIENT_ID;
  static final String CLIENT_SECRET = MimecastTestSupport.CLIENT_SECRET;

  private MimecastItSupport() {}

  static Map<String, String> env(String secret) {
    return Map.of(
        MimecastConnectorFactory.CLIENT_ID_ENV, CLIENT_ID,
        MimecastConnectorFactory.CLIENT_SECRET_ENV, secret);
  }

  /** Settings for a fast connector against the simulator; {@code extra} overrides. */
  static Map<String, String> settings(
      EmbeddedKafka kafka, MimecastSimulator sim, String connectorId, Map<String, String> extra) {
    Map<String, String> more = new LinkedHashMap<>();
    more.put(MimecastConnectorFactory.PAGE_SIZE, "100");
    more.putAll(extra);
    return ItConnectors.settings(kafka, sim.baseUrl().toString(), connectorId, more);
  }

  static RunningConnector start(
      ConnectorFactory factory, Map<String, String> flags, SimClock clock) {
    return ItConnectors.start(factory, flags, env(CLIENT_SECRET), clock);
  }

  static String metrics(int port) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
