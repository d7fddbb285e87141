package io.sluice.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.schemas.Alert;
import io.sluice.streams.testing.Canonical;
import io.sluice.streams.testing.RuleHarness;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An attacker flooding one account must cost what a quiet account costs: 100,000 failed logons
 * against one user from one address in ten minutes, through the production topology with the
 * built-in pack. Before the second engine a key's state was the list of its events: this made
 * replay die of OutOfMemoryError, and on a broker passed the 1 MiB record limit at about 8,500
 * entries. (A spray of 100,000 distinct names from one address: {@code state.FloodBoundsTest}.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FloodedKeyTest {
  /** The bound the docs state for one key's record (docs/rules.md, "State"). */
  static final int MAX_RECORD_BYTES = 8 * 1024;

  private static final Instant NOON = Instant.parse("2024-05-02T12:00:00Z");
  private static final int FLOOD = 100_000;
  private static final String VICTIM = "ceo@corp.example";
  private static final String ATTACKER_IP = "203.0.113.66";
  private static final String QUIET = "ann@corp.example";

  private final RuleHarness harness = new RuleHarness(new RuleLoader().load(Optional.empty()));
  private List<Alert> alerts;

  @BeforeAll
  void flood() {
    for (int i = 0; i < FLOOD; i++) {
      Instant t = NOON.plusMillis(6L * i); // 100,000 in 10 minutes
      harness.send(Canonical.failure(VICTIM, ATTACKER_IP, t));
    }
    // a quiet user, for comparison
    for (int i = 0; i < 3; i++) {
      harness.send(Canonical.failure(QUIET, "198.51.100.3", NOON.plusSeconds(i)));
    }
    alerts = harness.allAlerts();
  }

  @AfterAll
  void close() {
    harness.close();
  }

  private byte[] record(String store, String key) {
    KeyValueStore<String, byte[]> kv = harness.driver.getKeyValueStore(store);
    return kv.get(key);
  }

  @Test
  void shouldKeepTheFloodedUsersStateRecordUnderItsBound() {
    byte[] state = record(KeyType.USER.storeName(), VICTIM);

    assertThat(state.length).isLessThan(MAX_RECORD_BYTES);
    // and a quiet user's record is a small fraction of it
    assertThat(record(KeyType.USER.storeName(), QUIET).length).isLessThan(600);
  }

  @Test
  void shouldKeepTheSprayingAddressesStateRecordUnderItsBound() {
    assertThat(record(new KeyType("src_ip").storeName(), ATTACKER_IP).length)
        .isLessThan(MAX_RECORD_BYTES);
  }

  @Test
  void shouldStillRaiseTheAlertOfTheFloodOncePerSuppressionPeriod() {
    assertThat(alerts)
        .filteredOn(a -> a.getRule().getId().equals("auth.failed-login-burst"))
        .filteredOn(a -> a.getEntity().getValue().equals(VICTIM))
        .hasSize(1);
    assertThat(alerts)
        .filteredOn(a -> a.getRule().getId().equals("auth.failed-login-burst"))
        .singleElement()
        .satisfies(a -> assertThat(a.getEvidence()).hasSize(10));
  }

  @Test
  void shouldExportTheLargestRecordPerStore() {
    assertThat(
            harness.metrics.gauge(
                "sluice_state_record_max_bytes", "store", KeyType.USER.storeName()))
        .isPositive()
        .isLessThan(MAX_RECORD_BYTES);
  }
}
