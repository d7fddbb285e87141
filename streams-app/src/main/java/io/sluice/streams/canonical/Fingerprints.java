package io.sluice.streams.canonical;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * 64-bit fingerprints of values, for state that keeps a value's identity but not the value itself
 * (dedup slots, distinct counts). They come from SHA-256 rather than a fast non-cryptographic hash
 * because the values are attacker-influenced (an attacker types the user names of a password
 * spray): two names that collide would count as one.
 */
public final class Fingerprints {
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("every JVM has SHA-256", e);
            }
          });

  private Fingerprints() {}

  /** The first 64 bits of sha-256 of the value's UTF-8 bytes. */
  public static long of(String value) {
    MessageDigest digest = SHA256.get();
    digest.reset();
    byte[] hash = digest.digest(value.getBytes(StandardCharsets.UTF_8));
    return ByteBuffer.wrap(hash, 0, Long.BYTES).getLong();
  }

  /**
   * The fingerprint of an event id: its first 16 hex digits when it is hex (event ids are already
   * sha-256 digests, {@link EventIds}), otherwise {@link #of}.
   */
  public static long ofEventId(String eventId) {
    if (eventId.length() >= 16) {
      try {
        return HexFormat.fromHexDigitsToLong(eventId, 0, 16);
      } catch (NumberFormatException notHex) {
        // fall through
      }
    }
    return of(eventId);
  }
}
