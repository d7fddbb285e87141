package io.sluice.streams.canonical;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Content-derived ids. A redelivered raw record gets the same {@code event_id}, which is what dedup
 * keys on (docs/design.md §4), and alert ids are reproducible across replays (docs/design.md §6).
 */
public final class EventIds {
  /** One digest per thread: {@code MessageDigest.getInstance} looks up the provider every call. */
  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(EventIds::sha256);

  private EventIds() {}

  /** First 32 hex characters of sha-256(source | raw bytes). */
  public static String eventId(String source, byte[] raw) {
    MessageDigest digest = SHA_256.get();
    digest.update(source.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) '|');
    digest.update(raw == null ? new byte[0] : raw);
    return HexFormat.of().formatHex(digest.digest()).substring(0, 32);
  }

  /** First 32 hex characters of sha-256 of the parts joined by '|'. */
  public static String hashOf(String... parts) {
    MessageDigest digest = SHA_256.get();
    digest.update(String.join("|", parts).getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest.digest()).substring(0, 32);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
