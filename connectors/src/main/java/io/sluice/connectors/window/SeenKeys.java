package io.sluice.connectors.window;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a time-windowed feed has already published and may be served again: short hashes of the
 * records' identities, grouped by the minute of their event time, so that the set can be pruned to
 * the overlap window and capped (oldest minutes first) and still fit in one checkpoint record.
 *
 * <p>A hash is the first 72 bits of the identity's SHA-256, as 12 base64url characters: at the
 * default cap of 20,000 keys the chance that two records share one (and the second is skipped) is
 * about 4·10⁻¹⁴, and a checkpoint holds about 15 bytes per key. JSON: {@code
 * {"2024-11-14T19:44:00Z":["q1w2e3r4t5y6",…],…}}.
 */
final class SeenKeys {
  private static final Duration BUCKET = Duration.ofMinutes(1);
  private static final int HASH_BYTES = 9;

  private final TreeMap<Instant, TreeSet<String>> buckets = new TreeMap<>();
  private final Set<String> all = new HashSet<>();

  static String hash(String identity) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(Arrays.copyOf(digest, HASH_BYTES));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  boolean contains(String hash) {
    return all.contains(hash);
  }

  void add(String hash, Instant time) {
    if (all.add(hash)) {
      buckets.computeIfAbsent(bucket(time), b -> new TreeSet<>()).add(hash);
    }
  }

  int size() {
    return all.size();
  }

  /** Drops the minutes that end at or before {@code from}: the vendor never returns them again. */
  void pruneBefore(Instant from) {
    Iterator<Map.Entry<Instant, TreeSet<String>>> it = buckets.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Instant, TreeSet<String>> e = it.next();
      if (e.getKey().plus(BUCKET).isAfter(from)) {
        return;
      }
      all.removeAll(e.getValue());
      it.remove();
    }
  }

  /**
   * Drops the oldest keys until at most {@code max} remain.
   *
   * @return how many were dropped (each may be published once more if the vendor serves it again)
   */
  int capTo(int max) {
    int dropped = 0;
    while (all.size() > max && !buckets.isEmpty()) {
      TreeSet<String> oldest = buckets.firstEntry().getValue();
      while (all.size() > max && !oldest.isEmpty()) {
        all.remove(oldest.pollFirst());
        dropped++;
      }
      if (oldest.isEmpty()) {
        buckets.pollFirstEntry();
      }
    }
    return dropped;
  }

  void writeTo(ObjectNode node) {
    buckets.forEach((minute, hashes) -> hashes.forEach(node.putArray(minute.toString())::add));
  }

  static SeenKeys read(JsonNode node) {
    SeenKeys keys = new SeenKeys();
    if (node != null && node.isObject()) {
      node.fields()
          .forEachRemaining(
              e -> {
                Instant minute = Instant.parse(e.getKey());
                e.getValue().forEach(h -> keys.add(h.asText(), minute));
              });
    }
    return keys;
  }

  private static Instant bucket(Instant time) {
    return time.truncatedTo(ChronoUnit.MINUTES);
  }
}
