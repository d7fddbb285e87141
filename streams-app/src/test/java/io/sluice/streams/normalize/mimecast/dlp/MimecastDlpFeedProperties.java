package io.sluice.streams.normalize.mimecast.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.streams.testing.ArbitraryJson;
import io.sluice.streams.testing.FeedHarness;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Whatever arrives on the Mimecast DLP raw topic, nothing throws and nothing is lost. */
class MimecastDlpFeedProperties {
  private static FeedHarness harness;

  @BeforeContainer
  static void start() {
    harness = new FeedHarness(new MimecastDlpMapper());
  }

  @AfterContainer
  static void stop() {
    harness.close();
  }

  @Provide
  Arbitrary<byte[]> hostile() {
    List<ObjectNode> realistic =
        List.of(
            MimecastDlpEvents.held("bob@corp.example"),
            MimecastDlpEvents.withAction("ann@corp.example", "block"),
            MimecastDlpEvents.withAction("ann@corp.example", "notification"),
            MimecastDlpEvents.bounce());
    return ArbitraryJson.hostileInput(realistic);
  }

  @Property(tries = 300)
  void everyRawRecordEndsInExactlyOneCanonicalTopicOrTheDlq(@ForAll("hostile") byte[] raw) {
    harness.send(raw);

    assertThat(harness.drainOutcomes()).isEqualTo(1);
  }
}
