package io.sluice.streams.normalize.mimecast.ttpattachment;

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

/** Whatever arrives on the TTP attachment raw topic, nothing throws and nothing is lost. */
class MimecastTtpAttachmentFeedProperties {
  private static FeedHarness harness;

  @BeforeContainer
  static void start() {
    harness = new FeedHarness(new MimecastTtpAttachmentMapper());
  }

  @AfterContainer
  static void stop() {
    harness.close();
  }

  @Provide
  Arbitrary<byte[]> hostile() {
    ObjectNode clean = MimecastRecords.ttpAttachment();
    clean.put("result", "safe");
    clean.put("actionTriggered", "none");
    return ArbitraryJson.hostileInput(List.of(MimecastRecords.ttpAttachment(), clean));
  }

  @Property(tries = 300)
  void everyRawRecordEndsInExactlyOneCanonicalTopicOrTheDlq(@ForAll("hostile") byte[] raw) {
    harness.send(raw);

    assertThat(harness.drainOutcomes()).isEqualTo(1);
  }
}
