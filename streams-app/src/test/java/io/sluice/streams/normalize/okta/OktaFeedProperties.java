package io.sluice.streams.normalize.okta;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.streams.testing.ArbitraryJson;
import io.sluice.streams.testing.FeedHarness;
import io.sluice.streams.testing.OktaEvents;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Whatever arrives on the Okta raw topic, nothing throws and nothing is lost. */
class OktaFeedProperties {
  private static FeedHarness harness;

  @BeforeContainer
  static void start() {
    harness = new FeedHarness(new OktaSystemLogMapper());
  }

  @AfterContainer
  static void stop() {
    harness.close();
  }

  @Provide
  Arbitrary<byte[]> hostile() {
    Instant t = Instant.parse("2024-05-02T12:00:00Z");
    List<ObjectNode> realistic =
        List.of(
            OktaEvents.failedLogin("ann@corp.example", t),
            OktaEvents.successfulLogin("bob@corp.example", t),
            OktaEvents.mfaVerify("ann@corp.example", t),
            OktaEvents.adminEvent("admin@corp.example", t),
            OktaEvents.ssoWithEmptyClient("ann@corp.example", t));
    return ArbitraryJson.hostileInput(realistic);
  }

  @Property(tries = 300)
  void everyRawRecordEndsInExactlyOneCanonicalTopicTheDlqOrTheDuplicateCounter(
      @ForAll("hostile") byte[] raw) {
    harness.send(raw);

    assertThat(harness.drainOutcomes()).isEqualTo(1);
  }
}
