package io.sluice.streams.normalize.mimecast.siem;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.streams.testing.ArbitraryJson;
import io.sluice.streams.testing.FeedHarness;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Whatever arrives on the SIEM raw topic, in either API's shape, nothing throws or is lost. */
class MimecastSiemFeedProperties {
  private static FeedHarness harness;

  @BeforeContainer
  static void start() {
    harness = new FeedHarness(new MimecastSiemMapper());
  }

  @AfterContainer
  static void stop() {
    harness.close();
  }

  @Provide
  Arbitrary<byte[]> hostile() {
    return ArbitraryJson.hostileInput(
        List.of(
            SiemRecords.v1Receipt(),
            SiemRecords.v1Process(),
            SiemRecords.v1Delivery(),
            SiemRecords.v1UrlProtect(),
            SiemRecords.v1AttachmentProtect(),
            SiemRecords.v1Impersonation(),
            SiemRecords.v1Journal(),
            SiemRecords.v2Receipt(),
            SiemRecords.v2Process(),
            SiemRecords.v2Delivery(),
            SiemRecords.v2AttachmentProtect(),
            SiemRecords.v2UrlProtect(),
            SiemRecords.v2Impersonation(),
            SiemRecords.v2Spam(),
            SiemRecords.v2Journal(),
            SiemRecords.v2InternalEmailProtect(),
            SiemRecords.v2Av()));
  }

  @Property(tries = 400)
  void everyRawRecordEndsInExactlyOneCanonicalTopicOrTheDlq(@ForAll("hostile") byte[] raw) {
    harness.send(raw);

    assertThat(harness.drainOutcomes()).isEqualTo(1);
  }
}
