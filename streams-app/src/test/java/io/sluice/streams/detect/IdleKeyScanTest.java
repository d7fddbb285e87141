package io.sluice.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.streams.testing.Canonical;
import io.sluice.streams.testing.RuleHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Keys nothing can use any more are deleted by a scan on wall-clock time, decided by event time:
 * once the partition's feeds have moved further than the horizon and the window past a key's last
 * event, its record goes (one tombstone).
 */
class IdleKeyScanTest {
  private static final Instant NOON = Instant.parse("2024-05-02T12:00:00Z");
  private final RuleHarness harness = new RuleHarness(new RuleLoader().load(Optional.empty()));

  @AfterEach
  void close() {
    harness.close();
  }

  private byte[] stored(String key) {
    KeyValueStore<String, byte[]> store = harness.driver.getKeyValueStore(KeyType.USER.storeName());
    return store.get(key);
  }

  private void scan() {
    harness.driver.advanceWallClockTime(Duration.ofSeconds(2));
  }

  @Test
  void shouldDeleteAKeyOnceTheFeedsHaveMovedBeyondItsHorizonAndWindow() {
    harness.send(Canonical.success("ann@corp.example", NOON)); // only rule state: no risk
    assertThat(stored("ann@corp.example")).isNotNull();

    // Okta moves on by more than time.horizon (6 h) plus the longest window that kept ann's logon
    harness.send(Canonical.success("bob@corp.example", NOON.plus(Duration.ofHours(8))));
    scan();

    assertThat(stored("ann@corp.example")).isNull();
    assertThat(stored("bob@corp.example")).isNotNull();
  }

  @Test
  void shouldKeepAKeyWhoseEventsAFutureEventCanStillMeet() {
    harness.send(Canonical.success("ann@corp.example", NOON));

    harness.send(Canonical.success("bob@corp.example", NOON.plus(Duration.ofHours(3))));
    scan();

    assertThat(stored("ann@corp.example")).isNotNull();
  }
}
