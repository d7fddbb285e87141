package io.sluice.streams.normalize.mimecast.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.streams.normalize.IpLiterals;
import io.sluice.streams.testing.ArbitraryJson;
import io.sluice.streams.testing.FeedHarness;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Whatever arrives on the Mimecast audit raw topic, nothing throws and nothing is lost. */
class MimecastAuditFeedProperties {
  private static FeedHarness harness;

  @BeforeContainer
  static void start() {
    harness = new FeedHarness(new MimecastAuditMapper());
  }

  @AfterContainer
  static void stop() {
    harness.close();
  }

  @Provide
  Arbitrary<byte[]> hostile() {
    List<ObjectNode> realistic =
        List.of(
            MimecastAuditEvents.failedLogon("ann@corp.example"),
            MimecastAuditEvents.successfulLogon("bob@corp.example"),
            MimecastAuditEvents.challenge("ann@corp.example"),
            MimecastAuditEvents.adminEvent("admin@corp.example"),
            MimecastAuditEvents.directorySync());
    return ArbitraryJson.hostileInput(realistic);
  }

  @Property(tries = 300)
  void everyRawRecordEndsInExactlyOneCanonicalTopicOrTheDlq(@ForAll("hostile") byte[] raw) {
    harness.send(raw);

    assertThat(harness.drainOutcomes()).isEqualTo(1);
  }

  @Provide
  Arbitrary<String> eventInfoText() {
    Arbitrary<String> fragments =
        Arbitraries.oneOf(
            Arbitraries.of(
                "IP: ",
                "IP: : ",
                "ip:",
                "Remote IP is ",
                "Application : ",
                "Reason: ",
                "2FA: ",
                "Method:",
                ", ",
                ",",
                " ",
                ":",
                "::",
                "<",
                ">",
                "[",
                "]",
                "203.0.113.7",
                "2001:db8::1",
                "::ffff:1.2.3.4",
                "authentication for a@b <",
                "null"),
            Arbitraries.strings().ofMaxLength(12));
    return fragments.list().ofMaxSize(30).map(parts -> String.join("", parts));
  }

  @Property(tries = 1000)
  void eventInfoParsingNeverThrowsAndOnlyYieldsIpLiterals(@ForAll("eventInfoText") String text) {
    EventInfo info = EventInfo.parse(text);

    assertThat(info.ip() == null || IpLiterals.isLiteral(info.ip())).isTrue();
  }
}
