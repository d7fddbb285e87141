package io.sluice.connectors.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop every feed runs: fetch the page at the checkpoint position, publish its records and the
 * next position in one transaction, repeat; wait one poll interval whenever the vendor has nothing
 * newer.
 *
 * <p>Failures never move the checkpoint. Rate limits wait as long as the vendor asked (in its own
 * units, parsed per vendor; no cap), through the {@link RateGate} every request passes, and do not
 * use up attempts; retryable and unknown errors back off with jitter up to {@link
 * RetrySettings#maxAttempts()}; authentication and permanent errors stop the connector at once with
 * an operator-readable message. A commit whose outcome Kafka could not tell resumes from the
 * checkpoint the publisher read back.
 */
public final class PollLoop {
  private static final Logger log = LoggerFactory.getLogger(PollLoop.class);

  private final String connectorId;
  private final String tenant;
  private final Feed feed;
  private final PagePublisher publisher;
  private final RateGate gate;
  private final RetrySettings retry;
  private final Duration pollInterval;
  private final ConnectorMetrics metrics;
  private final Health health;
  private final Sleeper sleeper;
  private final Clock clock;

  public PollLoop(
      String connectorId,
      String tenant,
      Feed feed,
      PagePublisher publisher,
      RateGate gate,
      RetrySettings retry,
      Duration pollInterval,
      ConnectorMetrics metrics,
      Health health,
      Sleeper sleeper,
      Clock clock) {
    this.connectorId = connectorId;
    this.tenant = tenant;
    this.feed = feed;
    this.publisher = publisher;
    this.gate = gate;
    this.retry = retry;
    this.pollInterval = pollInterval;
    this.metrics = metrics;
    this.health = health;
    this.sleeper = sleeper;
    this.clock = clock;
  }

  /**
   * Runs until the sleeper is stopped.
   *
   * @param start the checkpoint position to fetch first
   * @throws ConnectorStoppedException when the connector cannot go on (see {@link ExitCodes})
   */
  public void run(String start) throws InterruptedException {
    String position = start;
    int failures = 0;
    int rateLimitsInARow = 0;
    while (!sleeper.stopping()) {
      Instant fetchedAt = clock.instant();
      Page page;
      try {
        page = feed.fetch(position);
      } catch (VendorException e) {
        metrics.error(e.kind().label());
        if (e.kind() == ErrorKind.RATE_LIMITED) {
          metrics.rateLimited();
          rateLimitsInARow++;
          waitForTheVendor(e, rateLimitsInARow);
          continue;
        }
        rateLimitsInARow = 0;
        health.pollFailed();
        if (!e.kind().retryable()) {
          throw stop(e);
        }
        failures++;
        if (!sleeper.sleep(retryWait(e, failures))) {
          return;
        }
        continue;
      }
      rateLimitsInARow = 0;
      if (!page.records().isEmpty() || (!page.next().equals(position) && page.worthACommit())) {
        try {
          publisher.publish(
              feed,
              page,
              new Checkpoint(connectorId, feed.source(), tenant, page.next(), clock.instant()),
              fetchedAt);
        } catch (PagePublisher.PublishException e) {
          metrics.error("kafka");
          health.pollFailed();
          failures++;
          if (e.resumeFrom().isPresent()) {
            // the producer was rebuilt: the checkpoint read back says where Kafka really is
            metrics.producerRebuilt();
            position = e.resumeFrom().get();
          }
          if (!sleeper.sleep(retryWait(e, failures))) {
            return;
          }
          continue;
        }
      }
      failures = 0;
      health.pollSucceeded();
      Instant now = clock.instant();
      metrics.records(page.records().size());
      metrics.lastSuccess(now);
      if (page.caughtUp()) {
        metrics.lag(Duration.ZERO);
      } else {
        page.newestEventTime().ifPresent(newest -> metrics.lag(Duration.between(newest, now)));
      }
      position = page.next();
      if (page.caughtUp() && !sleeper.sleep(pollInterval)) {
        return;
      }
    }
  }

  /**
   * Blocks the gate for as long as the vendor said, in its own units — never less — or, when it
   * named no wait, with exponential backoff (Graph documents that Retry-After may be missing), and
   * waits that out. The HTTP client has usually blocked the gate already when it read the answer;
   * the longer block wins.
   */
  private void waitForTheVendor(VendorException e, int inARow) throws InterruptedException {
    Duration asked = e.retryAfter().orElseGet(() -> retry.backoff().delay(inARow));
    gate.block(asked, feed.source());
    gate.awaitUnblocked();
  }

  private Duration retryWait(Exception e, int failures) {
    if (failures >= retry.maxAttempts()) {
      throw new ConnectorStoppedException(
          ExitCodes.RETRIES_EXHAUSTED,
          feed.source()
              + ": giving up after "
              + failures
              + " failed attempts in a row; last error: "
              + describe(e),
          e);
    }
    Duration wait = retry.backoff().delay(failures);
    log.warn(
        "{}: {}; attempt {}/{} failed, retrying in {} ms (checkpoint unchanged)",
        feed.source(),
        describe(e),
        failures,
        retry.maxAttempts(),
        wait.toMillis());
    return wait;
  }

  private ConnectorStoppedException stop(VendorException e) {
    String what =
        e.kind() == ErrorKind.AUTHENTICATION
            ? "the vendor rejected the credentials"
            : "the vendor refused the request";
    return new ConnectorStoppedException(
        ExitCodes.VENDOR_REJECTED, feed.source() + ": " + what + ": " + describe(e), e);
  }

  private static String describe(Exception e) {
    if (e instanceof VendorException) {
      VendorException v = (VendorException) e;
      StringBuilder text = new StringBuilder();
      text.append(v.kind().label()).append(" error");
      if (v.status() != null) {
        text.append(", status ").append(v.status());
      }
      v.vendorCode().ifPresent(code -> text.append(", vendor code ").append(code));
      return text.append(": ").append(v.getMessage()).toString();
    }
    return e.getMessage();
  }
}
