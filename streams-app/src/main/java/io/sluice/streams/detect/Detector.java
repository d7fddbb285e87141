package io.sluice.streams.detect;

import io.sluice.streams.detect.state.Decision;
import io.sluice.streams.detect.state.EventRef;
import io.sluice.streams.detect.state.Hit;
import io.sluice.streams.detect.state.KeyState;
import io.sluice.streams.detect.state.PartitionState;
import io.sluice.streams.detect.state.RuleSlot;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine of one key type, without Kafka: applies one sighting to a key's state, judging time
 * per feed and key (docs/rules.md, "Time"), and prunes what no future event can use.
 *
 * <p>Lateness: an event of feed f for key k at time t is late for a rule with grace G when {@code t
 * < clock(k, f) − G} — an older event than G behind the newest event the same feed brought for the
 * same key — or when {@code t < clock(f) − H}, more than the horizon H behind the newest event of
 * its own feed in this partition. Other feeds never make an event late, so a feed hours behind
 * another is judged exactly as if it were on time, and a future-stamped record never reaches this
 * far (the normaliser dead-letters it). The second clause bounds how long state must be kept.
 *
 * <p>Pruning: every event still to come from feed f for key k is at or after {@code admit(k, f) =
 * max(clock(k, f) − G, clock(f) − H)} (or {@code clock(f) − H} when f never brought k an event). A
 * rule's state is pruned to what events at or after the smallest admit over the feeds of its
 * classes can still use, and never to less than H behind the partition's newest event: a feed the
 * partition has not seen yet (a connector started late, a feed hours behind all others) meets
 * everything of the last H. Older than that, its events still count among themselves (a backfill),
 * but no longer meet other feeds' events.
 */
public final class Detector {
  /** Told about events too late for a rule. */
  public interface LateListener {
    void late(CompiledRule rule, String source);
  }

  /** A decision of one rule. */
  public record Fired(CompiledRule rule, Decision decision) {}

  private final RuleBook book;
  private final long horizon;
  private final LateListener late;

  public Detector(RuleBook book, long horizonMs, LateListener late) {
    this.book = book;
    this.horizon = horizonMs;
    this.late = late;
  }

  /** Applies a sighting to its key's state; returns the alerts it decides, in order. */
  public List<Fired> apply(KeyState key, PartitionState partition, Sighting sighting) {
    RuleSet rules = book.current();
    int source = partition.source(sighting.source(), sighting.rawTopic());
    long t = sighting.time();
    long keyClock = key.clock(source);
    long feedClock = partition.source(source).clock();
    EventRef ref =
        new EventRef(t, sighting.eventId(), source, sighting.rawPartition(), sighting.rawOffset());
    List<Fired> fired = new ArrayList<>(0);
    List<CompiledRule> touched = new ArrayList<>(sighting.hits().size());
    for (Sighting.RuleHit hit : sighting.hits()) {
      CompiledRule rule = rules.byFingerprint(hit.rule());
      if (rule == null) {
        continue; // sent before the rule was removed
      }
      boolean tooLate =
          (keyClock != Long.MIN_VALUE && t < keyClock - rule.grace())
              || (feedClock != Long.MIN_VALUE && t < feedClock - horizon);
      if (tooLate) {
        late.late(rule, sighting.source());
        continue;
      }
      RuleSlot slot = key.slot(rule.fingerprint(), rule.spec());
      if (rule.spec().closes()) {
        // close first, by the clocks before this event: what closes is the same whenever it runs
        closed(rule, slot.close(closeBefore(rule, partition)), fired);
        touch(touched, rule);
        if (slot.decided(t)) {
          late.late(rule, sighting.source());
          continue;
        }
      }
      decided(
          rules,
          key,
          rule,
          slot.add(new Hit(hit.step(), ref, hit.value(), hit.hasValue(), sighting.vip())),
          ref,
          sighting.vip(),
          fired,
          touched);
    }
    partition.observe(source, sighting.canonicalClass(), t);
    key.advanceClock(source, t);
    for (CompiledRule rule : touched) {
      RuleSlot slot = key.slot(rule.fingerprint(), rule.spec());
      if (rule.spec().closes()) {
        closed(rule, slot.close(closeBefore(rule, partition)), fired);
      }
      slot.prune(floor(rule, key, partition));
    }
    key.dropEmptySlots(fp -> rules.byFingerprint(fp) != null);
    return fired;
  }

  /**
   * Takes a rule's decisions: an alert each, unless the rule only feeds others, and one event each
   * of every Sigma rule built on it, for the same key at the decision's window end (chaining;
   * cycles are a load error, so this ends).
   */
  private void decided(
      RuleSet rules,
      KeyState key,
      CompiledRule rule,
      List<Decision> decisions,
      EventRef arrival,
      boolean vip,
      List<Fired> fired,
      List<CompiledRule> touched) {
    touch(touched, rule);
    for (Decision decision : decisions) {
      if (rule.rule().alerts()) {
        fired.add(new Fired(rule, decision));
      }
      EventRef crossing = crossing(decision, arrival);
      for (RuleSet.ChainedStepOf link : rules.chainedFrom(rule.fingerprint())) {
        CompiledRule outer = link.rule();
        RuleSlot slot = key.slot(outer.fingerprint(), outer.spec());
        Hit hit = new Hit(link.step(), crossing, link.value(), link.hasValue(), vip);
        decided(rules, key, outer, slot.add(hit), arrival, vip, fired, touched);
      }
    }
  }

  /**
   * The decisions of a rule with an upper bound, at window close: alerts only, since such a rule
   * feeds no other (a load error, docs/sigma.md "Upper bounds").
   */
  private static void closed(CompiledRule rule, List<Decision> decisions, List<Fired> fired) {
    if (rule.rule().alerts()) {
      for (Decision decision : decisions) {
        fired.add(new Fired(rule, decision));
      }
    }
  }

  private static void touch(List<CompiledRule> touched, CompiledRule rule) {
    if (!touched.contains(rule)) {
      touched.add(rule);
    }
  }

  /** The event a decision's window ends at: the arriving one, or a kept later one it completed. */
  private static EventRef crossing(Decision decision, EventRef arrival) {
    if (arrival.time() == decision.windowEnd()) {
      return arrival;
    }
    for (EventRef r : decision.evidence()) {
      if (r.time() == decision.windowEnd()) {
        return r;
      }
    }
    return arrival.at(decision.windowEnd());
  }

  /**
   * Prunes every slot of a key (the idle-key scan), and closes the windows of rules with an upper
   * bound that can no longer grow, so a key that gets no more events is still decided; returns the
   * alerts those windows decide.
   */
  public List<Fired> pruneAll(KeyState key, PartitionState partition) {
    RuleSet rules = book.current();
    List<Integer> held = new ArrayList<>();
    key.rules().forEach(held::add);
    List<Fired> fired = new ArrayList<>(0);
    for (int fp : held) {
      CompiledRule rule = rules.byFingerprint(fp);
      if (rule == null) {
        key.removeSlot(fp);
        continue;
      }
      RuleSlot slot = key.slot(fp, rule.spec());
      if (rule.spec().closes()) {
        closed(rule, slot.close(closeBefore(rule, partition)), fired);
      }
      slot.prune(floor(rule, key, partition));
    }
    key.dropEmptySlots(fp -> rules.byFingerprint(fp) != null);
    return fired;
  }

  /**
   * Windows of a rule with an upper bound ending before this time are closed: every feed the rule
   * reads that this partition has seen is more than the rule's grace past them, or the partition's
   * newest event is more than the horizon past them. Only the rule's own feeds count, so a feed
   * hours ahead of the rule's never closes its windows early; the horizon clause keeps a stalled
   * feed from holding a live one's windows open beyond the time state is kept for (docs/sigma.md,
   * "Upper bounds").
   */
  long closeBefore(CompiledRule rule, PartitionState partition) {
    long newest = partition.newestClock();
    if (newest == Long.MIN_VALUE) {
      return Long.MIN_VALUE;
    }
    long byFeeds = Long.MAX_VALUE;
    for (PartitionState.Source s : partition.sources()) {
      if (s.clock() != Long.MIN_VALUE && rule.readsFeed(s.name)) {
        byFeeds = Math.min(byFeeds, s.clock() - rule.grace());
      }
    }
    long byHorizon = newest - horizon;
    return byFeeds == Long.MAX_VALUE ? byHorizon : Math.max(byFeeds, byHorizon);
  }

  /**
   * The earliest time an event of the rule's classes may still have for this key, or MIN_VALUE when
   * no feed bounds it.
   */
  long floor(CompiledRule rule, KeyState key, PartitionState partition) {
    long newest = partition.newestClock();
    if (newest == Long.MIN_VALUE) {
      return Long.MIN_VALUE;
    }
    long floor = newest - horizon;
    List<PartitionState.Source> sources = partition.sources();
    for (int i = 0; i < sources.size(); i++) {
      PartitionState.Source s = sources.get(i);
      if (!s.produced(rule.classMask()) || s.clock() == Long.MIN_VALUE) {
        continue;
      }
      long admit = s.clock() - horizon;
      long keyClock = key.clock(i);
      if (keyClock != Long.MIN_VALUE) {
        admit = Math.max(admit, keyClock - rule.grace());
      }
      floor = Math.min(floor, admit);
    }
    return floor;
  }
}
