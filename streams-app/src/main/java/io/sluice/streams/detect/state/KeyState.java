package io.sluice.streams.detect.state;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Everything a key-type processor keeps for one key, in one store record: the key's clock per feed
 * (the newest event time each feed brought for it, by which lateness is judged), one slot per rule
 * that has seen the key, and, for users, their risk buckets.
 *
 * <p>Slots are decoded lazily: an event decodes only the slots of the rules it matched, and the
 * others are written back as the bytes they were read as.
 */
public final class KeyState {
  private static final int VERSION = 1;

  /** feed (index in the partition's source table) → newest event time seen for this key */
  private final Map<Integer, Long> clocks = new LinkedHashMap<>();

  /** rule fingerprint → decoded slot, or its bytes when not decoded */
  private final Map<Integer, Object> slots = new LinkedHashMap<>();

  private byte[] risk;

  /** The key's clock for a feed, or MIN_VALUE when the feed never brought it an event. */
  public long clock(int source) {
    return clocks.getOrDefault(source, Long.MIN_VALUE);
  }

  public Map<Integer, Long> clocks() {
    return clocks;
  }

  public void advanceClock(int source, long time) {
    clocks.merge(source, time, Math::max);
  }

  /** The slot of a rule, decoded (or created) with the rule's current numbers. */
  public RuleSlot slot(int rule, SlotSpec spec) {
    Object held = slots.get(rule);
    RuleSlot slot;
    if (held instanceof RuleSlot decoded) {
      return decoded;
    } else if (held instanceof byte[] bytes) {
      slot = RuleSlot.read(new StateInput(bytes), spec);
    } else {
      slot = RuleSlot.create(spec);
    }
    slots.put(rule, slot);
    return slot;
  }

  public boolean hasSlot(int rule) {
    return slots.containsKey(rule);
  }

  /** Rule fingerprints with a slot here. */
  public Iterable<Integer> rules() {
    return slots.keySet();
  }

  public void removeSlot(int rule) {
    slots.remove(rule);
  }

  /** Drops empty decoded slots, and slots of rules that no longer exist. */
  public void dropEmptySlots(java.util.function.IntPredicate ruleExists) {
    Iterator<Map.Entry<Integer, Object>> it = slots.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Integer, Object> e = it.next();
      if (!ruleExists.test(e.getKey()) || (e.getValue() instanceof RuleSlot s && s.isEmpty())) {
        it.remove();
      }
    }
  }

  public byte[] risk() {
    return risk;
  }

  public void risk(byte[] risk) {
    this.risk = risk;
  }

  /** Nothing left: no slot and no risk. The clocks alone are not worth a record (see rules.md). */
  public boolean isEmpty() {
    return slots.isEmpty() && risk == null;
  }

  public byte[] toBytes() {
    StateOutput out = new StateOutput(64);
    out.byte8(VERSION).varint(clocks.size());
    long base = 0;
    for (Map.Entry<Integer, Long> c : clocks.entrySet()) {
      out.varint(c.getKey()).zigzag(c.getValue() - base);
      base = c.getValue();
    }
    out.varint(slots.size());
    for (Map.Entry<Integer, Object> e : slots.entrySet()) {
      byte[] bytes;
      if (e.getValue() instanceof RuleSlot s) {
        StateOutput slotOut = new StateOutput(64);
        s.write(slotOut);
        bytes = slotOut.toByteArray();
      } else {
        bytes = (byte[]) e.getValue();
      }
      out.int32(e.getKey()).varint(bytes.length).raw(bytes);
    }
    if (risk == null) {
      out.varint(0);
    } else {
      out.varint(risk.length + 1L).raw(risk);
    }
    return out.toByteArray();
  }

  /** The risk bytes of a stored key state, without decoding its slots (for queries). */
  public static byte[] riskOf(byte[] bytes) {
    return fromBytes(bytes, rule -> null).risk;
  }

  /**
   * @param specs the current numbers of a rule by fingerprint, or null when the rule is gone
   */
  public static KeyState fromBytes(byte[] bytes, IntFunction<SlotSpec> specs) {
    StateInput in = new StateInput(bytes);
    int version = in.byte8();
    if (version != VERSION) {
      throw new StateInput.CorruptStateException("unknown key state version " + version);
    }
    KeyState state = new KeyState();
    int clocks = in.varintAsInt();
    long base = 0;
    for (int i = 0; i < clocks; i++) {
      int source = in.varintAsInt();
      base += in.zigzag();
      state.clocks.put(source, base);
    }
    int slots = in.varintAsInt();
    for (int i = 0; i < slots; i++) {
      int rule = in.int32();
      byte[] slot = in.raw(in.varintAsInt());
      if (specs.apply(rule) != null) {
        state.slots.put(rule, slot);
      }
    }
    long risk = in.varint();
    if (risk > 0) {
      state.risk = in.raw((int) (risk - 1));
    }
    return state;
  }
}
