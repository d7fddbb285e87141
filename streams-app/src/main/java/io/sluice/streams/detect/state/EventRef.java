package io.sluice.streams.detect.state;

import java.util.HexFormat;

/**
 * Where to find one event an alert names as evidence: its event id, feed, time and the raw record's
 * partition and offset (the raw topic is the feed's, kept once per key in its source table). Event
 * ids are 32 hex characters (a truncated sha-256) and are stored as 16 bytes.
 *
 * @param source index into the key's source table
 * @param partition -1 when unknown
 */
public record EventRef(long time, String eventId, int source, int partition, long offset) {

  /** A 32-bit fingerprint of the event id, enough to tell redeliveries apart at one time. */
  public int fingerprint() {
    long fp = io.sluice.streams.canonical.Fingerprints.ofEventId(eventId);
    return (int) (fp ^ (fp >>> 32));
  }

  void write(StateOutput out, long base) {
    out.zigzag(time - base);
    if (isHex32(eventId)) {
      out.byte8(1)
          .int64(HexFormat.fromHexDigitsToLong(eventId, 0, 16))
          .int64(HexFormat.fromHexDigitsToLong(eventId, 16, 32));
    } else {
      out.byte8(0).string(eventId);
    }
    out.varint(source).zigzag(partition).zigzag(offset);
  }

  static EventRef read(StateInput in, long base) {
    long time = base + in.zigzag();
    String id =
        in.byte8() == 1
            ? HexFormat.of().toHexDigits(in.int64()) + HexFormat.of().toHexDigits(in.int64())
            : in.string();
    int source = in.varintAsInt();
    int partition = (int) in.zigzag();
    long offset = in.zigzag();
    return new EventRef(time, id, source, partition, offset);
  }

  private static boolean isHex32(String id) {
    if (id.length() != 32) {
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
}
