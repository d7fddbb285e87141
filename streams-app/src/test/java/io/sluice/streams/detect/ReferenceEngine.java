package io.sluice.streams.detect;

import io.sluice.streams.detect.state.SlotSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rule semantics of docs/rules.md computed the slow way, to check the engine against: every
 * admitted event is kept forever, every count is recomputed from all of them. Lateness by feed and
 * key (and the horizon behind the feed's newest event) is implemented here independently of {@link
 * Detector}.
 */
final class ReferenceEngine {
  record Event(
      String key, String feed, long time, String id, int step, long value, boolean hasValue) {}

  record Alert(String key, long windowEnd) {}

  private final SlotSpec spec;
  private final long grace;
  private final long horizon;
  private final Map<String, Long> keyClocks = new HashMap<>();
  private final Map<String, Long> feedClocks = new HashMap<>();
  private final Map<String, List<Event>> events = new HashMap<>();
  private final Map<String, Long> bounds = new HashMap<>();
  final List<Alert> alerts = new ArrayList<>();
  int late;

  ReferenceEngine(SlotSpec spec, long grace, long horizon) {
    this.spec = spec;
    this.grace = grace;
    this.horizon = horizon;
  }

  void accept(Event e) {
    Long keyClock = keyClocks.get(e.key() + "|" + e.feed());
    Long feedClock = feedClocks.get(e.feed());
    boolean tooLate =
        (keyClock != null && e.time() < keyClock - grace)
            || (feedClock != null && e.time() < feedClock - horizon);
    if (spec.closes()) {
      closing.accept(e, tooLate);
      return;
    }
    observe(e);
    if (tooLate) {
      late++;
      return;
    }
    List<Event> mine = events.computeIfAbsent(e.key(), k -> new ArrayList<>());
    for (Event seen : mine) {
      if (seen.id().equals(e.id())
          && seen.step() == e.step()
          && (spec.kind() != SlotSpec.Kind.DISTINCT || seen.value() == e.value())) {
        // a redelivery; a distinct count takes a second value of one event (one record matching
        // two of a Sigma temporal correlation's rules counts for both)
        return;
      }
    }
    mine.add(e);
    if (spec.kind() == SlotSpec.Kind.SEQUENCE) {
      sequence(e, mine);
    } else if (spec.kind() == SlotSpec.Kind.ORDERED) {
      ordered(e, mine);
    } else {
      threshold(e, mine);
    }
  }

  private void observe(Event e) {
    keyClocks.merge(e.key() + "|" + e.feed(), e.time(), Math::max);
    feedClocks.merge(e.feed(), e.time(), Math::max);
  }

  /** Closes every key's windows the clocks allow, as the idle-key scan does, in key order. */
  void scan() {
    new TreeSet<>(closing.open.keySet()).forEach(closing::close);
  }

  private final Closing closing = new Closing();

  /**
   * Upper-bound windows (docs/sigma.md, "Upper bounds"): each opened by an event no open window
   * covers, {@code [start, start + window)}, holding every event id and value it counted; closed
   * once every feed is a grace past its end (or the newest event a horizon past it).
   */
  private final class Closing {
    final Map<String, List<Window>> open = new HashMap<>();
    final Map<String, Long> decidedThrough = new HashMap<>();

    final class Window {
      final long start;
      final Set<String> ids = new HashSet<>();
      final Set<Long> values = new HashSet<>();

      Window(long start) {
        this.start = start;
      }

      long end() {
        return start + spec.window();
      }

      int count() {
        return spec.kind() == SlotSpec.Kind.CLOSING_DISTINCT ? values.size() : ids.size();
      }
    }

    void accept(Event e, boolean tooLate) {
      if (tooLate) {
        observe(e);
        late++;
        return;
      }
      close(e.key()); // by the clocks before this event
      if (e.time() < decidedThrough.getOrDefault(e.key(), Long.MIN_VALUE)) {
        observe(e);
        late++;
        return;
      }
      List<Window> windows = open.computeIfAbsent(e.key(), k -> new ArrayList<>());
      Window target = null;
      for (Window w : windows) {
        boolean covers = e.time() >= w.start && e.time() < w.end();
        if (covers && (target == null || w.ids.contains(e.id()))) {
          target = w;
        }
      }
      if (target == null) {
        target = new Window(e.time());
        windows.add(target);
        windows.sort((a, b) -> Long.compare(a.start, b.start));
      }
      target.ids.add(e.id());
      if (e.hasValue()) {
        target.values.add(e.value());
      }
      if (windows.size() > io.sluice.streams.detect.state.ClosingSlot.MAX_OPEN) {
        close(e.key(), windows.get(0).end() + 1);
      }
      observe(e);
      close(e.key());
    }

    void close(String key) {
      if (feedClocks.isEmpty()) {
        return;
      }
      long byFeeds = Long.MAX_VALUE;
      long newest = Long.MIN_VALUE;
      for (long clock : feedClocks.values()) {
        byFeeds = Math.min(byFeeds, clock - grace);
        newest = Math.max(newest, clock);
      }
      close(key, Math.max(byFeeds, newest - horizon));
    }

    void close(String key, long before) {
      List<Window> windows = open.getOrDefault(key, new ArrayList<>());
      while (!windows.isEmpty() && windows.get(0).end() < before) {
        Window w = windows.remove(0);
        decidedThrough.merge(key, w.end(), Math::max);
        int n = w.count();
        if (n >= spec.threshold() && n <= spec.upper() && w.end() >= bound(key)) {
          fire(key, w.end());
        }
      }
    }
  }

  private long bound(String key) {
    return bounds.getOrDefault(key, Long.MIN_VALUE);
  }

  private void fire(String key, long end) {
    alerts.add(new Alert(key, end));
    bounds.put(key, end + spec.suppress());
  }

  private void threshold(Event e, List<Event> mine) {
    long w = spec.window();
    TreeSet<Long> candidates = new TreeSet<>();
    candidates.add(e.time());
    for (Event x : mine) {
      if (x.time() >= e.time() && x.time() < e.time() + w) {
        candidates.add(x.time());
      }
    }
    for (long end : candidates) {
      if (end >= bound(e.key()) && count(mine, end - w, end, 0) >= spec.threshold()) {
        fire(e.key(), end);
      }
    }
  }

  /** Events (or distinct values, for a distinct rule) of a step in {@code (from, to]}. */
  private int count(List<Event> mine, long from, long to, int step) {
    boolean distinct =
        spec.kind() == SlotSpec.Kind.DISTINCT
            || (spec.kind() == SlotSpec.Kind.SEQUENCE && spec.firstDistinct());
    TreeSet<Long> values = new TreeSet<>();
    int n = 0;
    for (Event x : mine) {
      if (x.step() == step && x.time() > from && x.time() <= to) {
        n++;
        if (x.hasValue()) {
          values.add(x.value());
        }
      }
    }
    return distinct ? values.size() : n;
  }

  private void sequence(Event e, List<Event> mine) {
    long wa = spec.firstWindow();
    if (e.step() == 1) {
      if (e.time() >= bound(e.key()) && completionIn(mine, e.time() - spec.within(), e.time())) {
        fire(e.key(), e.time());
      }
      return;
    }
    List<Long> completed = new ArrayList<>();
    TreeSet<Long> candidates = new TreeSet<>();
    candidates.add(e.time());
    for (Event x : mine) {
      if (x.step() == 0 && x.time() >= e.time() && x.time() < e.time() + wa) {
        candidates.add(x.time());
      }
    }
    for (long c : candidates) {
      if (count(mine, c - wa, c, 0) >= spec.firstThreshold()) {
        completed.add(c);
      }
    }
    while (true) {
      Long best = null;
      for (long c : completed) {
        long from = Math.max(c, bound(e.key()));
        for (Event b : mine) {
          if (b.step() == 1
              && b.time() >= from
              && b.time() - c <= spec.within()
              && (best == null || b.time() < best)) {
            best = b.time();
          }
        }
      }
      if (best == null) {
        return;
      }
      fire(e.key(), best);
    }
  }

  /**
   * A Sigma temporal_ordered chain: a last-step event fires when it first ends a chain (one event
   * per step, in order, the first at most {@code within} before it) and is at or after the bound.
   */
  private void ordered(Event e, List<Event> mine) {
    int last = spec.threshold() - 1;
    List<Event> ends = new ArrayList<>();
    for (Event x : mine) {
      if (x.step() == last
          && x.time() >= e.time()
          && x.time() <= e.time() + spec.within()
          && !complete.contains(x.key() + "|" + x.id())
          && chainEndsAt(mine, x)) {
        complete.add(x.key() + "|" + x.id());
        ends.add(x);
      }
    }
    ends.sort((a, b) -> Long.compare(a.time(), b.time()));
    for (Event x : ends) {
      if (x.time() >= bound(e.key())) {
        fire(e.key(), x.time());
      }
    }
  }

  /** Earliest first step at or after {@code end − within}, then the earliest of each next step. */
  private boolean chainEndsAt(List<Event> mine, Event end) {
    long at = end.time() - spec.within();
    for (int step = 0; step < spec.threshold() - 1; step++) {
      Long next = null;
      for (Event x : mine) {
        if (x.step() == step && x.time() >= at && (next == null || x.time() < next)) {
          next = x.time();
        }
      }
      if (next == null || next > end.time()) {
        return false;
      }
      at = next;
    }
    return true;
  }

  private final Set<String> complete = new HashSet<>();

  private boolean completionIn(List<Event> mine, long from, long to) {
    for (Event a : mine) {
      if (a.step() == 0
          && a.time() >= from
          && a.time() <= to
          && count(mine, a.time() - spec.firstWindow(), a.time(), 0) >= spec.firstThreshold()) {
        return true;
      }
    }
    return false;
  }
}
