package io.sluice.connectors.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.sluice.connectors.testing.FeedPages;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * What the publisher does when Kafka cannot say whether a commit happened, with Kafka's own {@link
 * MockProducer} (no broker): the commit is retried as Kafka allows, then the producer is rebuilt
 * and the checkpoint read back, and nothing escapes as the {@link IllegalStateException} that used
 * to stop the connector with exit 1.
 */
class KafkaPagePublisherTest {
  private static final Instant AT = Instant.parse("2024-05-02T20:00:00Z");

  private final List<FlakyProducer> built = new ArrayList<>();
  private final List<Integer> timeoutsPerProducer = new ArrayList<>();
  private Optional<Checkpoint> committed = Optional.empty();
  private RuntimeException abortFailure;
  private RuntimeException commitFailure;

  private final Feed feed = FeedPages.named("test.feed", "raw.test", "p0");

  @Test
  void shouldRetryACommitThatTimedOutAndCommitThePageOnce() {
    timeoutsPerProducer.add(2); // two timeouts, the third attempt confirms
    KafkaPagePublisher publisher = publisher();

    publisher.publish(feed, page("a", "b"), checkpoint("p2"), AT);

    assertThat(built).hasSize(1);
    assertThat(built.get(0).transactionCommitted()).isTrue();
    assertThat(built.get(0).history()).hasSize(3); // two records and the checkpoint
  }

  @Test
  void shouldRebuildTheProducerAndResumeFromTheCheckpointWhenEveryCommitAttemptTimesOut() {
    timeoutsPerProducer.add(Integer.MAX_VALUE);
    timeoutsPerProducer.add(0);
    committed = Optional.of(checkpoint("p2")); // the broker did commit it after all
    KafkaPagePublisher publisher = publisher();

    Throwable failed =
        catchThrowable(() -> publisher.publish(feed, page("a"), checkpoint("p2"), AT));

    assertThat(failed)
        .isInstanceOfSatisfying(
            PagePublisher.PublishException.class,
            e -> assertThat(e.resumeFrom()).as("not fetched and sent again").contains("p2"));
    assertThat(built).hasSize(2);
    assertThat(built.get(0).closed()).isTrue();
    assertThat(built.get(1).transactionInitialized())
        .as("the new producer claimed the id, which ends the old transaction")
        .isTrue();
  }

  @Test
  void shouldResumeFromThePageBeforeWhenTheTimedOutCommitDidNotLand() {
    timeoutsPerProducer.add(Integer.MAX_VALUE);
    committed = Optional.of(checkpoint("p1"));
    KafkaPagePublisher publisher = publisher();

    Throwable failed =
        catchThrowable(() -> publisher.publish(feed, page("a"), checkpoint("p2"), AT));

    assertThat(((PagePublisher.PublishException) failed).resumeFrom()).contains("p1");
  }

  @Test
  void shouldResumeFromTheStartWhenNothingWasEverCommitted() {
    timeoutsPerProducer.add(Integer.MAX_VALUE);
    KafkaPagePublisher publisher = publisher();

    Throwable failed =
        catchThrowable(() -> publisher.publish(feed, page("a"), checkpoint("p1"), AT));

    assertThat(((PagePublisher.PublishException) failed).resumeFrom()).contains("p0");
  }

  @Test
  void shouldRebuildInsteadOfEscapingWhenTheAbortAfterAFailedCommitFails() {
    timeoutsPerProducer.add(0);
    commitFailure = new KafkaException("broker went away");
    abortFailure = new IllegalStateException("Cannot attempt operation `abortTransaction`");
    committed = Optional.of(checkpoint("p1"));
    KafkaPagePublisher publisher = publisher();

    Throwable failed =
        catchThrowable(() -> publisher.publish(feed, page("a"), checkpoint("p2"), AT));

    assertThat(failed).isInstanceOf(PagePublisher.PublishException.class);
    assertThat(((PagePublisher.PublishException) failed).resumeFrom()).contains("p1");
    assertThat(built).hasSize(2);
  }

  @Test
  void shouldRefetchThePageWithoutRebuildingWhenKafkaRefusedACommitItCouldAbort() {
    timeoutsPerProducer.add(0);
    commitFailure = new KafkaException("coordinator moved");
    KafkaPagePublisher publisher = publisher();

    Throwable failed =
        catchThrowable(() -> publisher.publish(feed, page("a"), checkpoint("p2"), AT));

    assertThat(((PagePublisher.PublishException) failed).resumeFrom()).isEmpty();
    assertThat(built).hasSize(1);
    assertThat(built.get(0).transactionAborted()).isTrue();
  }

  private KafkaPagePublisher publisher() {
    KafkaPagePublisher publisher =
        new KafkaPagePublisher(
            Map.of(),
            "test-connector",
            "checkpoints",
            config -> {
              int timeouts =
                  built.size() < timeoutsPerProducer.size()
                      ? timeoutsPerProducer.get(built.size())
                      : 0;
              FlakyProducer producer = new FlakyProducer(timeouts);
              built.add(producer);
              return producer;
            },
            key -> committed);
    publisher.init();
    return publisher;
  }

  private static Page page(String... keys) {
    List<RawRecord> records = new ArrayList<>();
    for (String key : keys) {
      records.add(new RawRecord(key, key.getBytes(StandardCharsets.UTF_8), AT));
    }
    return new Page(records, "next", false);
  }

  private static Checkpoint checkpoint(String position) {
    return new Checkpoint("test-connector", "test.feed", "tenant-1", position, AT);
  }

  /** Kafka's mock producer, whose commits time out a given number of times. */
  private final class FlakyProducer extends MockProducer<byte[], byte[]> {
    private int timeouts;

    FlakyProducer(int timeouts) {
      super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
      this.timeouts = timeouts;
    }

    @Override
    public void commitTransaction() {
      if (timeouts > 0) {
        timeouts--;
        throw new TimeoutException("Timeout expired after 60000ms while awaiting EndTxn(true)");
      }
      if (commitFailure != null) {
        throw commitFailure;
      }
      super.commitTransaction();
    }

    @Override
    public void abortTransaction() {
      if (abortFailure != null) {
        throw abortFailure;
      }
      super.abortTransaction();
    }
  }
}
