package io.sluice.connectors.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What {@code /health/ready} reports: ready once the connector owns its id and has its checkpoint,
 * while fewer than {@code maxFailedPolls} polls in a row have failed (the vendor or Kafka refused a
 * page), and while the broker answers the background check (a connector that is caught up and
 * waiting would otherwise not notice that Kafka is gone). Liveness is the process answering at all:
 * a connector that cannot go on exits instead of hanging.
 */
public final class Health {
  private final int maxFailedPolls;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicInteger failedPolls = new AtomicInteger();
  private final AtomicBoolean brokerUp = new AtomicBoolean(true);
  private final AtomicReference<String> brokerDetail = new AtomicReference<>("not checked yet");

  public Health(int maxFailedPolls) {
    if (maxFailedPolls < 1) {
      throw new IllegalArgumentException("maxFailedPolls must be at least 1");
    }
    this.maxFailedPolls = maxFailedPolls;
  }

  public void started() {
    running.set(true);
  }

  public void stopped() {
    running.set(false);
  }

  public void pollSucceeded() {
    failedPolls.set(0);
  }

  public void pollFailed() {
    failedPolls.incrementAndGet();
  }

  /** The last broker check: up or not, and a one-line reason naming the address. */
  public void broker(boolean up, String detail) {
    brokerUp.set(up);
    brokerDetail.set(detail);
  }

  public boolean brokerUp() {
    return brokerUp.get();
  }

  public boolean ready() {
    return running.get() && failedPolls.get() < maxFailedPolls && brokerUp.get();
  }

  /** The body of {@code /health/ready}: each check with its state. Never carries a secret. */
  public Map<String, Object> body() {
    Map<String, Object> checks = new LinkedHashMap<>();
    checks.put("connector", check(running.get(), running.get() ? "polling" : "not started"));
    int failed = failedPolls.get();
    checks.put(
        "polls",
        check(
            failed < maxFailedPolls,
            failed == 0 ? "last poll succeeded" : failed + " failed polls in a row"));
    checks.put("kafka", check(brokerUp.get(), brokerDetail.get()));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", ready() ? "UP" : "DOWN");
    body.put("checks", checks);
    return body;
  }

  /** A connector of several feeds is ready while every feed is. */
  public static boolean allReady(List<Health> feeds) {
    return feeds.stream().allMatch(Health::ready);
  }

  /**
   * The body of {@code /health/ready} for a connector's feeds: one feed's checks, or each feed's.
   */
  public static Map<String, Object> body(List<Health> feeds) {
    if (feeds.size() == 1) {
      return feeds.get(0).body();
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", allReady(feeds) ? "UP" : "DOWN");
    body.put("feeds", feeds.stream().map(Health::body).toList());
    return body;
  }

  private static Map<String, Object> check(boolean up, String detail) {
    Map<String, Object> check = new LinkedHashMap<>();
    check.put("status", up ? "UP" : "DOWN");
    check.put("detail", detail);
    return check;
  }
}
