package io.sluice.streams.detect.state;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The newest events of one rule and key (at most {@link #MAX}), kept so an alert can name them as
 * evidence: never the events themselves, only where to find them.
 */
public final class Evidence {
  public static final int MAX = 10;
  private static final Comparator<EventRef> ORDER =
      Comparator.comparingLong(EventRef::time).thenComparing(EventRef::compareIds);

  private final int capacity;
  private final List<EventRef> refs = new ArrayList<>();

  public Evidence(int capacity) {
    this.capacity = capacity;
  }

  public void add(EventRef ref) {
    int at = 0;
    while (at < refs.size() && ORDER.compare(refs.get(at), ref) < 0) {
      at++;
    }
    if (at < refs.size() && refs.get(at).sameEvent(ref)) {
      return;
    }
    refs.add(at, ref);
    if (refs.size() > capacity) {
      refs.remove(0);
    }
  }

  void addAll(Evidence other) {
    other.refs.forEach(this::add);
  }

  /** The kept events in {@code (from, to]}, oldest first. */
  public List<EventRef> in(long from, long to) {
    List<EventRef> out = new ArrayList<>();
    for (EventRef r : refs) {
      if (r.time() > from && r.time() <= to) {
        out.add(r);
      }
    }
    return out;
  }

  public void dropThrough(long cutoff) {
    refs.removeIf(r -> r.time() <= cutoff);
  }

  public boolean isEmpty() {
    return refs.isEmpty();
  }

  void write(StateOutput out) {
    out.varint(refs.size());
    long base = 0;
    for (EventRef r : refs) {
      r.write(out, base);
      base = r.time();
    }
  }

  static Evidence read(StateInput in, int capacity) {
    Evidence e = new Evidence(capacity);
    int n = in.varintAsInt();
    long base = 0;
    for (int i = 0; i < n; i++) {
      EventRef r = EventRef.read(in, base);
      e.refs.add(r);
      base = r.time();
    }
    while (e.refs.size() > capacity) {
      e.refs.remove(0);
    }
    return e;
  }
}
