package io.sluice.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class ThreadReplacementPolicyTest {
  private final List<Long> waits = new ArrayList<>();
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final ThreadReplacementPolicy policy = new ThreadReplacementPolicy(waits::add, now::get);

  @Test
  void shouldReplaceAFailedThreadAfterABackOffThatDoubles() {
    for (int i = 0; i < ThreadReplacementPolicy.MAX_FAILURES; i++) {
      assertThat(policy.handle(new IllegalStateException("boom")))
          .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
      now.addAndGet(1_000);
    }

    assertThat(waits).containsExactly(1_000L, 2_000L, 4_000L, 8_000L, 16_000L);
  }

  @Test
  void shouldStopTheClientWhenThreadsKeepFailing() {
    for (int i = 0; i < ThreadReplacementPolicy.MAX_FAILURES; i++) {
      policy.handle(new IllegalStateException("boom"));
    }

    assertThat(policy.handle(new IllegalStateException("boom")))
        .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
  }

  @Test
  void shouldForgetFailuresOlderThanItsWindow() {
    for (int i = 0; i < ThreadReplacementPolicy.MAX_FAILURES; i++) {
      policy.handle(new IllegalStateException("boom"));
    }
    now.addAndGet(ThreadReplacementPolicy.WINDOW.toMillis() + 1);

    assertThat(policy.handle(new IllegalStateException("boom")))
        .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    assertThat(waits).last().isEqualTo(1_000L);
  }

  @Test
  void shouldCapTheBackOffAtOneMinute() {
    assertThat(ThreadReplacementPolicy.backoffMillis(40)).isEqualTo(60_000L);
  }

  @Test
  void shouldWaitForTheDependencyOfAnOutageAndNeverCountItAsAFailure() {
    List<String> waitedFor = new ArrayList<>();
    ThreadReplacementPolicy outages =
        new ThreadReplacementPolicy(
            waits::add,
            now::get,
            outage -> {
              waitedFor.add(outage.dependency().label());
              return true;
            });
    Exception registryDown =
        new org.apache.kafka.streams.errors.StreamsException(
            "Exception caught in process",
            new io.sluice.schemas.serde.SchemaRegistryException(
                "Schema registry could not be reached (POST http://registry:8081/subjects/x)",
                io.sluice.schemas.serde.SchemaRegistryException.NONE,
                io.sluice.schemas.serde.SchemaRegistryException.NONE,
                "/subjects/x"));

    for (int i = 0; i < ThreadReplacementPolicy.MAX_FAILURES * 3; i++) {
      assertThat(outages.handle(registryDown))
          .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }
    // an unexpected error afterwards is the first failure of the budget, not the sixteenth
    assertThat(outages.handle(new IllegalStateException("boom")))
        .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);

    assertThat(waitedFor)
        .hasSize(ThreadReplacementPolicy.MAX_FAILURES * 3)
        .containsOnly("schema_registry");
    assertThat(waits).containsExactly(1_000L);
  }
}
