package io.sluice.streams.detect.state;

import java.util.HexFormat;
import java.util.Objects;

/**
 * Where to find one event an alert names as evidence: its event id, feed, time and the raw record's
 * partition and offset (the raw topic is the feed's, kept once per key in its source table).
 *
 * <p>Event ids are 32 lower-case hex characters (a truncated sha-256). Such an id is parsed into
 * its 16 bytes once, when the reference is made, and kept that way: a key's state is decoded and
 * re-encoded with up to {@link Evidence#MAX} references per rule at every event, so parsing or
 * printing hex there would be paid ten times per event (it was the largest part of state encoding).
 * The hex text is printed only when an alert names the event. Any other id is kept as its text.
 */
public final class EventRef {
  private final long time;
  private final long idHigh;
  private final long idLow;

  /** The id when it is not 32 hex characters; null when it is (then it is idHigh, idLow). */
  private final String idText;

  private final int source;
  private final int partition;
  private final long offset;

  /**
   * @param source index into the key's source table
   * @param partition -1 when unknown
   */
  public EventRef(long time, String eventId, int source, int partition, long offset) {
    this.time = time;
    if (isHex32(eventId)) {
      this.idHigh = HexFormat.fromHexDigitsToLong(eventId, 0, 16);
      this.idLow = HexFormat.fromHexDigitsToLong(eventId, 16, 32);
      this.idText = null;
    } else {
      this.idHigh = 0;
      this.idLow = 0;
      this.idText = Objects.requireNonNull(eventId, "eventId");
    }
    this.source = source;
    this.partition = partition;
    this.offset = offset;
  }

  private EventRef(
      long time, long idHigh, long idLow, String idText, int source, int partition, long offset) {
    this.time = time;
    this.idHigh = idHigh;
    this.idLow = idLow;
    this.idText = idText;
    this.source = source;
    this.partition = partition;
    this.offset = offset;
  }

  /** The same event seen at {@code time}, with no raw offset (an alert's closing reference). */
  public EventRef at(long time) {
    return new EventRef(time, idHigh, idLow, idText, source, partition, -1);
  }

  public long time() {
    return time;
  }

  /** The event id as the canonical record has it. */
  public String eventId() {
    if (idText != null) {
      return idText;
    }
    HexFormat hex = HexFormat.of();
    return hex.toHexDigits(idHigh) + hex.toHexDigits(idLow);
  }

  public int source() {
    return source;
  }

  public int partition() {
    return partition;
  }

  public long offset() {
    return offset;
  }

  /** Whether both name the same event id. */
  public boolean sameEvent(EventRef other) {
    return idText == null
        ? other.idText == null && idHigh == other.idHigh && idLow == other.idLow
        : idText.equals(other.idText);
  }

  /** Orders by event id as text would (hex of equal length orders as the unsigned number). */
  static int compareIds(EventRef a, EventRef b) {
    if (a.idText == null && b.idText == null) {
      int high = Long.compareUnsigned(a.idHigh, b.idHigh);
      return high != 0 ? high : Long.compareUnsigned(a.idLow, b.idLow);
    }
    return a.eventId().compareTo(b.eventId());
  }

  /** A 32-bit fingerprint of the event id, enough to tell redeliveries apart at one time. */
  public int fingerprint() {
    long fp =
        idText == null
            ? idHigh // what Fingerprints.ofEventId takes from the first 16 hex characters
            : io.sluice.streams.canonical.Fingerprints.ofEventId(idText);
    return (int) (fp ^ (fp >>> 32));
  }

  void write(StateOutput out, long base) {
    out.zigzag(time - base);
    if (idText == null) {
      out.byte8(1).int64(idHigh).int64(idLow);
    } else {
      out.byte8(0).string(idText);
    }
    out.varint(source).zigzag(partition).zigzag(offset);
  }

  static EventRef read(StateInput in, long base) {
    long time = base + in.zigzag();
    long high = 0;
    long low = 0;
    String text = null;
    if (in.byte8() == 1) {
      high = in.int64();
      low = in.int64();
    } else {
      text = in.string();
    }
    int source = in.varintAsInt();
    int partition = (int) in.zigzag();
    long offset = in.zigzag();
    return new EventRef(time, high, low, text, source, partition, offset);
  }

  private static boolean isHex32(String id) {
    if (id == null || id.length() != 32) {
      return false;
    }
    for (int i = 0; i < 32; i++) {
      char c = id.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EventRef r
        && time == r.time
        && sameEvent(r)
        && source == r.source
        && partition == r.partition
        && offset == r.offset;
  }

  @Override
  public int hashCode() {
    int id = idText == null ? Long.hashCode(idHigh * 31 + idLow) : idText.hashCode();
    return Objects.hash(time, id, source, partition, offset);
  }

  @Override
  public String toString() {
    return "EventRef[time=%d, eventId=%s, source=%d, partition=%d, offset=%d]"
        .formatted(time, eventId(), source, partition, offset);
  }
}
