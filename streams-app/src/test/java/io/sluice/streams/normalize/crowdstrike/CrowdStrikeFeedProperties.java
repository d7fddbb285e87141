package io.sluice.streams.normalize.crowdstrike;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.streams.testing.ArbitraryJson;
import io.sluice.streams.testing.FeedHarness;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Whatever arrives on the Falcon alerts raw topic, nothing throws and nothing is lost. */
class CrowdStrikeFeedProperties {
  private static FeedHarness harness;

  @BeforeContainer
  static void start() {
    harness = new FeedHarness(new CrowdStrikeAlertMapper());
  }

  @AfterContainer
  static void stop() {
    harness.close();
  }

  @Provide
  Arbitrary<byte[]> hostile() {
    Instant t = Instant.parse("2024-05-02T12:00:00Z");
    ObjectNode createdOnly = FalconAlerts.sample();
    createdOnly.remove("timestamp");
    List<ObjectNode> realistic =
        List.of(
            FalconAlerts.sample(),
            FalconAlerts.adwareAlert("ann", t),
            FalconAlerts.hostOnlyAlert("WS-1175", t),
            createdOnly,
            FalconAlerts.identityAlert("admin.abcdef", t),
            FalconAlerts.automatedLead("WS-1175", t),
            FalconAlerts.correlationDetection(List.of("ann"), List.of("NAS-01"), t),
            FalconAlerts.correlationDetection(List.of(), List.of(), t));
    return ArbitraryJson.hostileInput(realistic);
  }

  @Property(tries = 300)
  void everyRawRecordEndsInExactlyOneCanonicalTopicOrTheDlq(@ForAll("hostile") byte[] raw) {
    harness.send(raw);

    assertThat(harness.drainOutcomes()).isEqualTo(1);
  }
}
