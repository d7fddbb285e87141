package io.sluice.sandbox.simulators;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;

/**
 * The simulators' paging cursors: opaque to clients (base64url), naming where a page ended (the
 * last record served, so records added meanwhile do not shift later pages) and when the cursor was
 * issued, so that it can expire as real ones do.
 */
final class SimCursors {
  private SimCursors() {}

  /** {@code prefix|issued|part|part…}, base64url. */
  static String encode(String prefix, Instant issued, String... parts) {
    String text = prefix + "|" + issued + "|" + String.join("|", parts);
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The issue time and {@code parts} parts of a cursor made by {@link #encode} with {@code prefix},
   * as {@code [issued, part…]}; null when it is not one (tampered, another vendor's).
   */
  static String[] decode(String prefix, String token, int parts) {
    try {
      String[] all =
          new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|");
      if (all.length != parts + 2 || !all[0].equals(prefix)) {
        return null;
      }
      Instant.parse(all[1]);
      return Arrays.copyOfRange(all, 1, all.length);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      return null;
    }
  }

  /**
   * A keyset cursor: the time and id of the last record served (records added meanwhile sort before
   * or after it, never shift it) and when it was issued.
   */
  record Keyset(Instant time, String id, Instant issued) {
    String encode(String prefix) {
      return SimCursors.encode(prefix, issued, time.toString(), id);
    }

    /** Null when {@code token} is not one of {@code prefix}. */
    static Keyset decode(String prefix, String token) {
      String[] parts = SimCursors.decode(prefix, token, 2);
      return parts == null
          ? null
          : new Keyset(Instant.parse(parts[1]), parts[2], Instant.parse(parts[0]));
    }
  }
}
