package io.sluice.connectors.core;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What {@code /health/ready} reports: ready once the connector owns its id and has its checkpoint,
 * and while fewer than {@code maxFailedPolls} polls in a row have failed. Liveness is the process
 * answering at all: a connector that cannot go on exits instead of hanging.
 */
public final class Health {
  private final int maxFailedPolls;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicInteger failedPolls = new AtomicInteger();

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

  public boolean ready() {
    return running.get() && failedPolls.get() < maxFailedPolls;
  }
}
