package io.sluice.sandbox;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * Ctrl-C (SIGINT) and SIGTERM for a command that runs until stopped. The signal only wakes {@link
 * #await}; the command then closes what it started on its own thread and returns its status, so a
 * stop that was asked for ends with 0. The JVM's own handlers would begin shutdown at once, run the
 * harness' shutdown hooks (broker, registry) at the same time as the command's clean-up, and end
 * with 130 or 143. A second signal while stopping exits at once, through the shutdown hooks.
 */
final class StopSignal {
  private final CountDownLatch stop = new CountDownLatch(1);

  private StopSignal() {}

  static StopSignal install() {
    StopSignal signal = new StopSignal();
    for (String name : List.of("INT", "TERM")) {
      Signal.handle(new Signal(name), s -> signal.received(128 + s.getNumber()));
    }
    return signal;
  }

  private void received(int status) {
    if (stop.getCount() == 0) {
      System.exit(status);
    }
    stop.countDown();
  }

  /** Whether a signal arrived, for a command that works in a loop until then. */
  boolean stopped() {
    return stop.getCount() == 0;
  }

  /** Returns once a signal arrived. */
  void await() throws InterruptedException {
    stop.await();
  }
}
