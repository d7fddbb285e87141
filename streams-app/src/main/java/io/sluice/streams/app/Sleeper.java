package io.sluice.streams.app;

/** Waiting, behind an interface so that tests of a back-off policy need not wait. */
@FunctionalInterface
interface Sleeper {
  Sleeper SYSTEM = Thread::sleep;

  void sleep(long millis) throws InterruptedException;
}
