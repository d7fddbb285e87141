package io.sluice.connectors.okta;

import io.sluice.connectors.testing.ItConnectors;
import io.sluice.connectors.testing.ItConnectors.RunningConnector;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.sandbox.simulators.OktaSimulator;
import io.sluice.sandbox.simulators.SimClock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What only the Okta connector ITs share (the rest is {@link ItConnectors}): token, uuids. */
final class OktaItSupport {
  static final String TOKEN = "00it-okta-api-token-0123456789abcdef";
  private static final Pattern UUID = Pattern.compile("\"uuid\":\"([^\"]+)\"");

  private OktaItSupport() {}

  /** Settings for a fast connector against the simulator; {@code extra} overrides. */
  static Map<String, String> settings(
      EmbeddedKafka kafka, OktaSimulator okta, String connectorId, Map<String, String> extra) {
    Map<String, String> more = new LinkedHashMap<>();
    more.put(OktaConnectorFactory.LIMIT, "100");
    more.putAll(extra);
    return ItConnectors.settings(kafka, okta.baseUrl().toString(), connectorId, more);
  }

  static RunningConnector start(Map<String, String> flags, SimClock clock) {
    return ItConnectors.start(
        new OktaConnectorFactory(), flags, Map.of(OktaConnectorFactory.TOKEN_ENV, TOKEN), clock);
  }

  /** Records of {@code connectorId} on the raw topic, read to the end. */
  static List<ConsumerRecord<byte[], byte[]>> records(
      EmbeddedKafka kafka, String connectorId, boolean committedOnly) {
    return ItConnectors.records(kafka, OktaSystemLogFeed.TOPIC, connectorId, committedOnly);
  }

  static String uuidOf(String event) {
    Matcher m = UUID.matcher(event);
    if (!m.find()) {
      throw new IllegalArgumentException("no uuid in " + event);
    }
    return m.group(1);
  }

  static List<String> uuidsOf(List<String> events) {
    return events.stream().map(OktaItSupport::uuidOf).toList();
  }
}
