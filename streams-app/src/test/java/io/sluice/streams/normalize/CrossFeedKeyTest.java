package io.sluice.streams.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.schemas.AuthStatus;
import io.sluice.schemas.AuthenticationEvent;
import io.sluice.streams.normalize.entra.EntraSignIns;
import io.sluice.streams.normalize.mimecast.audit.MimecastAuditEvents;
import io.sluice.streams.testing.OktaEvents;
import io.sluice.streams.testing.TopologyHarness;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.junit.jupiter.api.Test;

/**
 * One user's failed sign-ins from Okta, Entra ID and Mimecast land in one canonical topic under one
 * key, each naming its own source — so a rule over {@code user.name} sees all of them.
 */
class CrossFeedKeyTest {

  @Test
  void shouldPutOneUsersFailuresFromThreeVendorsUnderOneKey() {
    try (TopologyHarness harness = new TopologyHarness(List.of())) {
      TestInputTopic<byte[], byte[]> entra =
          harness.driver.createInputTopic(
              "raw.entra.signins", new ByteArraySerializer(), new ByteArraySerializer());
      TestInputTopic<byte[], byte[]> audit =
          harness.driver.createInputTopic(
              "raw.mimecast.audit", new ByteArraySerializer(), new ByteArraySerializer());

      harness.sendOkta(
          OktaEvents.failedLogin("Ann@Corp.Example", Instant.parse("2024-05-02T12:00:00Z")));
      // each record's Kafka timestamp is when a connector fetched it: at or after its event time
      Instant fetched = Instant.parse("2024-05-02T12:01:00Z");
      entra.pipeInput(
          null,
          bytes(
              EntraSignIns.failedSignIn("ANN@corp.example", Instant.parse("2024-05-02T12:00:10Z"))),
          fetched);
      audit.pipeInput(null, bytes(MimecastAuditEvents.failedLogon("ann@CORP.example")), fetched);

      List<KeyValue<String, AuthenticationEvent>> events =
          harness.authentication.readKeyValuesToList();
      assertThat(events).extracting(kv -> kv.key).containsOnly("ann@corp.example").hasSize(3);
      assertThat(events)
          .extracting(kv -> kv.value.getMetadata().getSource())
          .containsExactly("okta.system-log", "entra.signins", "mimecast.audit");
      assertThat(events).extracting(kv -> kv.value.getStatus()).containsOnly(AuthStatus.FAILURE);
      assertThat(events)
          .extracting(kv -> kv.value.getUser().getName())
          .containsOnly("ann@corp.example");
    }
  }

  private static byte[] bytes(ObjectNode json) {
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }
}
