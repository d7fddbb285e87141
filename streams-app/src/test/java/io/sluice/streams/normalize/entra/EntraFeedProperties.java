package io.sluice.streams.normalize.entra;

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

/**
 * Whatever arrives on the Entra sign-ins raw topic (Graph sign-ins, diagnostic records, Event Hubs
 * envelopes), nothing throws and nothing is lost.
 */
class EntraFeedProperties {
  private static FeedHarness harness;

  @BeforeContainer
  static void start() {
    harness = new FeedHarness(new EntraSignInMapper());
  }

  @AfterContainer
  static void stop() {
    harness.close();
  }

  @Provide
  Arbitrary<byte[]> hostile() {
    Instant t = Instant.parse("2024-05-02T12:00:00Z");
    ObjectNode interrupt = EntraSignIns.signInWithCode(50140, "Keep me signed in interrupt");
    ObjectNode unknown = EntraSignIns.signInWithCode(9999999, "Something new");
    unknown.put("authenticationRequirement", "multiFactorAuthentication");
    List<ObjectNode> realistic =
        List.of(
            EntraSignIns.sample(),
            EntraSignIns.failedSignIn("ann@corp.example", t),
            EntraSignIns.successfulSignIn("bob@corp.example", t),
            interrupt,
            unknown,
            EntraSignIns.diagnosticRecord("cid@corp.example", t),
            EntraSignIns.eventHubsMessage(
                EntraSignIns.diagnosticRecord("ann@corp.example", t),
                EntraSignIns.diagnosticRecord("bob@corp.example", t)));
    return ArbitraryJson.hostileInput(realistic);
  }

  /**
   * An Event Hubs envelope fans out, so the invariant is per event: every raw event ends in exactly
   * one canonical topic, the DLQ or the duplicate counter, and every record is at least one event.
   */
  @Property(tries = 300)
  void everyRawEventEndsInExactlyOneCanonicalTopicOrTheDlq(@ForAll("hostile") byte[] raw) {
    harness.send(raw);

    long events = harness.drainRawEvents();
    assertThat(events).isPositive();
    assertThat(harness.drainOutcomes()).isEqualTo(events);
  }
}
