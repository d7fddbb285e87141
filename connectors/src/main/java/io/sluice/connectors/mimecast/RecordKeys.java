package io.sluice.connectors.mimecast;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Keys for Mimecast records without an event id (TTP URL, TTP attachment, DLP, SIEM lines): {@code
 * sha256:<hex>} of the record's bytes. Stable across redelivery of the same record, so downstream
 * dedup works, and free of collisions that messageId+date+recipient would have (one user clicking
 * two links of one message in the same second).
 */
final class RecordKeys {
  private RecordKeys() {}

  static String hash(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
