package io.sluice.streams.app;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.streams.errors.Outage;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code /health/ready} answers and the {@code sluice_ready} / {@code sluice_dependency_up}
 * gauges show: ready only while every stream thread is RUNNING, the broker answers and the schema
 * registry answers. Each check keeps a one-line reason, so an operator reads why it is not ready in
 * the response body rather than in the logs. Reasons name addresses, never credentials.
 */
public final class Readiness {
  /** One input to readiness. */
  public enum Check {
    STREAMS("streams"),
    KAFKA(Outage.Dependency.KAFKA.label()),
    SCHEMA_REGISTRY(Outage.Dependency.SCHEMA_REGISTRY.label());

    private final String label;

    Check(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    static Check of(Outage.Dependency dependency) {
      return dependency == Outage.Dependency.KAFKA ? KAFKA : SCHEMA_REGISTRY;
    }
  }

  private record State(boolean up, String detail, Instant since) {}

  private final Map<Check, State> states = new EnumMap<>(Check.class);

  public Readiness() {
    Instant now = Instant.now();
    states.put(Check.STREAMS, new State(false, "starting", now));
    states.put(Check.KAFKA, new State(false, "not checked yet", now));
    states.put(Check.SCHEMA_REGISTRY, new State(false, "not checked yet", now));
  }

  /** Registers {@code sluice_ready} and {@code sluice_dependency_up{dependency}}. */
  public Readiness bindTo(MeterRegistry registry) {
    Gauge.builder("sluice_ready", this, r -> r.ready() ? 1 : 0)
        .description("1 while the process can do its work (the /health/ready answer)")
        .register(registry);
    for (Check check : new Check[] {Check.KAFKA, Check.SCHEMA_REGISTRY}) {
      Gauge.builder("sluice_dependency_up", this, r -> r.isUp(check) ? 1 : 0)
          .description("1 while the dependency answered the last check")
          .tag("dependency", check.label())
          .register(registry);
    }
    return this;
  }

  public synchronized void set(Check check, boolean up, String detail) {
    State before = states.get(check);
    Instant since = before != null && before.up() == up ? before.since() : Instant.now();
    states.put(check, new State(up, detail, since));
  }

  /** A stream thread stopped on an outage: that dependency is down until a check says otherwise. */
  public void outage(Outage outage) {
    set(Check.of(outage.dependency()), false, outage.detail());
  }

  public synchronized boolean isUp(Check check) {
    return states.get(check).up();
  }

  public synchronized boolean ready() {
    return states.values().stream().allMatch(State::up);
  }

  /** The JSON body of {@code /health/ready}: status and each check with its reason. */
  public synchronized Map<String, Object> body() {
    Map<String, Object> checks = new LinkedHashMap<>();
    states.forEach(
        (check, state) -> {
          Map<String, Object> one = new LinkedHashMap<>();
          one.put("status", state.up() ? "UP" : "DOWN");
          one.put("detail", state.detail());
          one.put("since", state.since().toString());
          checks.put(check.label(), one);
        });
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", ready() ? "UP" : "DOWN");
    body.put("checks", checks);
    return body;
  }
}
