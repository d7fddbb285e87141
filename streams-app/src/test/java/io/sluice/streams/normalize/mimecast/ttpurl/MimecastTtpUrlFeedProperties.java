package io.sluice.streams.normalize.mimecast.ttpurl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.streams.normalize.mimecast.MimecastRecords;
import io.sluice.streams.testing.ArbitraryJson;
import io.sluice.streams.testing.FeedHarness;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Whatever arrives on the TTP URL raw topic, nothing throws and nothing is lost. */
class MimecastTtpUrlFeedProperties {
  private static FeedHarness harness;

  @BeforeContainer
  static void start() {
    harness = new FeedHarness(new MimecastTtpUrlMapper());
  }

  @AfterContainer
  static void stop() {
    harness.close();
  }

  @Provide
  Arbitrary<byte[]> hostile() {
    ObjectNode entryScan = MimecastRecords.ttpUrlClick();
    entryScan.put("creationMethod", "Entry Scan");
    entryScan.put("url", "https://xn--bcher-kva.example/a b");
    return ArbitraryJson.hostileInput(List.of(MimecastRecords.ttpUrlClick(), entryScan));
  }

  @Property(tries = 300)
  void everyRawRecordEndsInExactlyOneCanonicalTopicOrTheDlq(@ForAll("hostile") byte[] raw) {
    harness.send(raw);

    assertThat(harness.drainOutcomes()).isEqualTo(1);
  }
}
