package io.sluice.bench.jmh;

import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.detect.CompiledRule;
import io.sluice.streams.detect.Detector;
import io.sluice.streams.detect.KeyType;
import io.sluice.streams.detect.RuleBook;
import io.sluice.streams.detect.RuleLoader;
import io.sluice.streams.detect.RuleSet;
import io.sluice.streams.detect.Sighting;
import io.sluice.streams.detect.state.KeyState;
import io.sluice.streams.detect.state.PartitionState;
import io.sluice.streams.detect.state.SlotSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One rule update per event on the detection state, as {@code DetectProcessor} does it for a user
 * key: the key's record from bytes, {@link Detector#apply} with the event's rule hits, the record
 * back to bytes. The event is a failed Okta logon, which the built-in pack counts twice for the
 * user (the failed-login burst and the first step of success-after-failures).
 *
 * <p>{@code key=quiet}: the key holds 3 failures; {@code key=flooded}: 100,000 failures spread over
 * the window. Each invocation starts from the same state bytes and applies the same next event, so
 * the state does not grow while it is measured. {@code window} overrides both rules' windows
 * (built-in: 10 minutes). The {@code stateBytes} counter is the size of the key's record. Target:
 * flooded within 2× quiet.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DetectorBenchmark {
  private static final Instant NOON = Instant.parse("2024-05-02T12:00:00Z");
  private static final int FLOOD = 100_000;

  @Param({"quiet", "flooded"})
  public String key;

  @Param({"10m", "1h", "24h"})
  public String window;

  private RuleSet rules;
  private Detector detector;
  private PartitionState partition;
  private byte[] state;
  private Sighting next;

  /** The key's record size, reported next to the time per event. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Size {
    public long stateBytes;
  }

  @Setup(Level.Trial)
  public void setUp() {
    String overrides =
        "overrides:\n"
            + "  - id: auth.failed-login-burst\n"
            + "    window: "
            + window
            + "\n"
            + "  - id: auth.success-after-failures\n"
            + "    window: "
            + window
            + "\n";
    rules = new RuleSet(new RuleLoader().parseWithBuiltins(Map.of("jmh-window.yaml", overrides)));
    detector =
        new Detector(RuleBook.of(rules), Duration.ofHours(6).toMillis(), (rule, source) -> {});
    partition = PartitionState.fromBytes(null);
    int events = key.equals("flooded") ? FLOOD : 3;
    long windowMs = io.sluice.streams.config.Durations.parse(window).orElseThrow().toMillis();
    long spacing = Math.max(1, windowMs / 2 / events); // all inside the first half of the window
    KeyState keyState = new KeyState();
    long t = NOON.toEpochMilli();
    for (int i = 0; i < events; i++) {
      detector.apply(keyState, partition, failure(t, i));
      t += spacing;
    }
    state = keyState.toBytes();
    next = failure(t, events);
  }

  private Sighting failure(long time, int n) {
    List<Sighting.RuleHit> hits =
        rules.steps(KeyType.USER, CanonicalClass.AUTHENTICATION).stream()
            .filter(
                s ->
                    s.rule().id().equals("auth.failed-login-burst")
                        || (s.rule().id().equals("auth.success-after-failures") && s.step() == 0))
            .map(s -> new Sighting.RuleHit(s.rule().fingerprint(), s.step(), 0, false))
            .toList();
    return new Sighting(
        time,
        "evt-" + n,
        "okta.system-log",
        "raw.okta.system-log",
        0,
        n,
        CanonicalClass.AUTHENTICATION.ordinal(),
        false,
        hits);
  }

  private SlotSpec specOf(int fingerprint) {
    CompiledRule rule = rules.byFingerprint(fingerprint);
    return rule == null ? null : rule.spec();
  }

  @Benchmark
  public byte[] oneEvent(Size size) {
    KeyState keyState = KeyState.fromBytes(state, this::specOf);
    detector.apply(keyState, partition, next);
    byte[] after = keyState.toBytes();
    size.stateBytes = after.length;
    return after;
  }
}
