package io.sluice.streams.detect.state;

import java.util.Arrays;

/**
 * The window ends an arrival may complete: its own time and later kept times, ascending, once each.
 */
final class Candidates {
  private Candidates() {}

  static long[] of(long arrival, long[]... later) {
    int n = 1;
    for (long[] l : later) {
      n += l.length;
    }
    long[] all = new long[n];
    all[0] = arrival;
    int at = 1;
    for (long[] l : later) {
      System.arraycopy(l, 0, all, at, l.length);
      at += l.length;
    }
    Arrays.sort(all);
    int distinct = 0;
    for (int i = 0; i < all.length; i++) {
      if (i == 0 || all[i] != all[distinct - 1]) {
        all[distinct++] = all[i];
      }
    }
    return Arrays.copyOf(all, distinct);
  }
}
