package io.sluice.connectors.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.sandbox.simulators.SimClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PollLoopTest {
  private static final Instant NOW = Instant.parse("2024-05-02T21:00:00Z");
  private static final Duration POLL = Duration.ofSeconds(30);

  private final ScriptedFeed feed = new ScriptedFeed();
  private final RecordingPublisher publisher = new RecordingPublisher();
  private final SimClock clock = SimClock.at(NOW);
  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Health health = new Health(2);

  @Test
  void shouldPublishEachPageWithTheCheckpointThatFollowsIt() throws Exception {
    feed.page("p2", false, "a", "b").page("p3", false, "c").page("p3", true);

    loop(3).run("p1");

    assertThat(feed.fetched).containsExactly("p1", "p2", "p3");
    assertThat(publisher.published).containsExactly("p2:[a, b]", "p3:[c]");
    assertThat(registry.get("sluice.connector.records").counter().count()).isEqualTo(3);
  }

  @Test
  void shouldWaitOnePollIntervalWhenCaughtUpAndAskTheSamePositionAgain() throws Exception {
    feed.page("p2", true).page("p2", true);

    loop(3).run("p2");

    assertThat(feed.fetched).containsExactly("p2", "p2");
    assertThat(sleeper.waits).containsExactly(POLL, POLL);
    assertThat(publisher.published).as("nothing changed, nothing to commit").isEmpty();
  }

  @Test
  void shouldCommitAMovedPositionEvenWithoutRecords() throws Exception {
    feed.page("p9", true);

    loop(3).run("p8");

    assertThat(publisher.published).containsExactly("p9:[]");
  }

  @Test
  void shouldRetryARetryableErrorWithBackoffAndLeaveTheCheckpointAlone() throws Exception {
    feed.fail(ErrorKind.RETRYABLE, null).fail(ErrorKind.RETRYABLE, null).page("p2", false, "a");

    loop(3).run("p1");

    assertThat(feed.fetched).containsExactly("p1", "p1", "p1");
    assertThat(sleeper.waits).containsExactly(Duration.ofMillis(500), Duration.ofMillis(1000));
    assertThat(publisher.published).containsExactly("p2:[a]");
    assertThat(registry.get("sluice.connector.errors").tag("kind", "retryable").counter().count())
        .isEqualTo(2);
  }

  @Test
  void shouldWaitAsLongAsTheVendorAskedOnARateLimitWithoutUsingUpAttempts() throws Exception {
    for (int i = 0; i < 5; i++) {
      feed.fail(ErrorKind.RATE_LIMITED, Duration.ofSeconds(7));
    }
    feed.page("p2", false, "a");
    health.started();

    loop(3).run("p1");

    assertThat(sleeper.waits).hasSize(5).allMatch(w -> w.equals(Duration.ofMillis(7_100)));
    assertThat(publisher.published).containsExactly("p2:[a]");
    assertThat(registry.get("sluice.connector.rate.limited").counter().count()).isEqualTo(5);
    assertThat(health.ready()).isTrue();
  }

  @Test
  void shouldWaitTheVendorsWholeResetEvenWhenItIsAnHourAway() throws Exception {
    feed.fail(ErrorKind.RATE_LIMITED, Duration.ofMinutes(59)).page("p2", false, "a");

    loop(3).run("p1");

    assertThat(sleeper.waits)
        .as("no cap below the vendor's reset (Mimecast quotas are hourly)")
        .containsExactly(Duration.ofMinutes(59).plusMillis(100));
    assertThat(feed.fetchedAt.get(1)).isAfterOrEqualTo(NOW.plus(Duration.ofMinutes(59)));
  }

  @Test
  void shouldResumeFromTheCheckpointReadBackWhenThePublisherRebuiltItsProducer() throws Exception {
    feed.page("p2", false, "a").page("p3", false, "b").page("p3", true);
    publisher.rebuildNextWith = "p2"; // the commit timed out, but the checkpoint says it landed

    loop(3).run("p1");

    assertThat(feed.fetched).as("p1 is not fetched again").containsExactly("p1", "p2", "p3");
    assertThat(publisher.published).containsExactly("p3:[b]");
    assertThat(registry.get("sluice.connector.producer.rebuilds").counter().count()).isEqualTo(1);
  }

  @Test
  void shouldBackOffOnARateLimitThatDidNotSayHowLong() throws Exception {
    feed.fail(ErrorKind.RATE_LIMITED, null).page("p2", false, "a");

    loop(3).run("p1");

    assertThat(sleeper.waits).containsExactly(Duration.ofMillis(600));
  }

  @Test
  void shouldStopAtOnceWithExitCode3WhenCredentialsAreRejected() {
    feed.fail(ErrorKind.AUTHENTICATION, null);

    assertThatThrownBy(() -> loop(3).run("p1"))
        .isInstanceOfSatisfying(
            ConnectorStoppedException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.VENDOR_REJECTED))
        .hasMessageContaining("rejected the credentials")
        .hasMessageContaining("scripted failure");
    assertThat(sleeper.waits).isEmpty();
    assertThat(publisher.published).isEmpty();
  }

  @Test
  void shouldStopAtOnceOnAPermanentError() {
    feed.fail(ErrorKind.PERMANENT, null);

    assertThatThrownBy(() -> loop(3).run("p1"))
        .isInstanceOfSatisfying(
            ConnectorStoppedException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.VENDOR_REJECTED));
  }

  @Test
  void shouldGiveUpOnUnknownErrorsAfterTheBoundWithExitCode5() {
    for (int i = 0; i < 3; i++) {
      feed.fail(ErrorKind.UNKNOWN, null);
    }

    assertThatThrownBy(() -> loop(3).run("p1"))
        .isInstanceOfSatisfying(
            ConnectorStoppedException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.RETRIES_EXHAUSTED))
        .hasMessageContaining("3 failed attempts")
        .hasMessageContaining("vendor code E0000XYZ");
    assertThat(feed.fetched).hasSize(3);
    assertThat(publisher.published).isEmpty();
  }

  @Test
  void shouldReportNotReadyAfterTheConfiguredNumberOfFailedPollsAndReadyAgainAfterSuccess()
      throws Exception {
    List<Boolean> readiness = new ArrayList<>();
    feed.fail(ErrorKind.RETRYABLE, null)
        .then(() -> readiness.add(health.ready()))
        .fail(ErrorKind.RETRYABLE, null)
        .then(() -> readiness.add(health.ready()))
        .page("p2", true)
        .then(() -> readiness.add(health.ready()));
    health.started();

    loop(5).run("p1");

    assertThat(readiness).containsExactly(true, false, true);
  }

  @Test
  void shouldRetryAPageKafkaDidNotCommit() throws Exception {
    feed.page("p2", false, "a").page("p2", false, "a");
    publisher.failNext = 1;

    loop(3).run("p1");

    assertThat(feed.fetched).containsExactly("p1", "p1");
    assertThat(publisher.published).containsExactly("p2:[a]");
    assertThat(registry.get("sluice.connector.errors").tag("kind", "kafka").counter().count())
        .isEqualTo(1);
  }

  private PollLoop loop(int maxAttempts) {
    return new PollLoop(
        "okta",
        "acme.okta.com",
        feed,
        publisher,
        new RateGate(Duration.ZERO, clock, sleeper, () -> 0.0),
        new RetrySettings(
            maxAttempts, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.0)),
        POLL,
        new ConnectorMetrics(registry, "okta.system-log"),
        health,
        sleeper,
        clock);
  }

  /** Answers fetches from a script; stops the loop when the script is used up. */
  private final class ScriptedFeed implements Feed {
    private final Deque<Object> script = new ArrayDeque<>();
    final List<String> fetched = new ArrayList<>();
    final List<Instant> fetchedAt = new ArrayList<>();

    ScriptedFeed page(String next, boolean caughtUp, String... keys) {
      List<RawRecord> records = new ArrayList<>();
      for (String key : keys) {
        records.add(new RawRecord(key, key.getBytes(StandardCharsets.UTF_8), NOW.minusSeconds(60)));
      }
      script.add(new Page(records, next, caughtUp));
      return this;
    }

    ScriptedFeed fail(ErrorKind kind, Duration retryAfter) {
      script.add(
          new VendorException(kind, "503", "E0000XYZ", "scripted failure", retryAfter, null));
      return this;
    }

    ScriptedFeed then(Runnable check) {
      script.add(check);
      return this;
    }

    @Override
    public String source() {
      return "okta.system-log";
    }

    @Override
    public String topic() {
      return "raw.okta.system-log";
    }

    @Override
    public String initialPosition() {
      return "p1";
    }

    @Override
    public Page fetch(String position) throws VendorException {
      while (script.peek() instanceof Runnable) {
        ((Runnable) script.poll()).run();
      }
      Object next = script.poll();
      if (next == null) {
        sleeper.stopped = true;
        return new Page(List.of(), position, true);
      }
      fetched.add(position);
      fetchedAt.add(clock.instant());
      if (next instanceof VendorException) {
        throw (VendorException) next;
      }
      return (Page) next;
    }
  }

  private static final class RecordingPublisher implements PagePublisher {
    final List<String> published = new ArrayList<>();
    int failNext;
    String rebuildNextWith;

    @Override
    public void init() {}

    @Override
    public Optional<Checkpoint> readCheckpoint(String key) {
      return Optional.empty();
    }

    @Override
    public void publish(Feed feed, Page page, Checkpoint checkpoint, Instant fetchedAt) {
      if (failNext > 0) {
        failNext--;
        throw new PublishException("scripted Kafka failure", null);
      }
      if (rebuildNextWith != null) {
        String resume = rebuildNextWith;
        rebuildNextWith = null;
        throw new PublishException("scripted commit timeout", null, resume);
      }
      List<String> keys = new ArrayList<>();
      page.records().forEach(r -> keys.add(r.key()));
      published.add(checkpoint.position() + ":" + keys);
    }

    @Override
    public void close() {}
  }

  /**
   * Records waits instead of sleeping; the rate limiter's zero waits and the wait after the script
   * ran out are not recorded.
   */
  private final class RecordingSleeper implements Sleeper {
    final List<Duration> waits = new ArrayList<>();
    boolean stopped;

    @Override
    public boolean sleep(Duration duration) {
      if (!duration.isZero() && !stopped) {
        waits.add(duration);
        clock.advance(duration);
      }
      return !stopped;
    }

    @Override
    public boolean stopping() {
      return stopped;
    }

    @Override
    public void stop() {
      stopped = true;
    }
  }
}
