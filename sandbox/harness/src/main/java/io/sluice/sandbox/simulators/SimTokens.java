package io.sluice.sandbox.simulators;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * OAuth2 access tokens as the simulators of client-credentials vendors (Graph, CrowdStrike) issue
 * them: opaque, with a lifetime, and revocable at once ({@link #expireAll}) to act out a token that
 * expires early, so a connector must get a new one after its first 401.
 */
final class SimTokens {
  private final Map<String, Instant> expiries = new ConcurrentHashMap<>();
  private final AtomicLong issued = new AtomicLong();
  private final Clock clock;
  private volatile Duration lifetime;

  SimTokens(Duration lifetime, Clock clock) {
    this.lifetime = lifetime;
    this.clock = clock;
  }

  /** A new token valid for {@link #lifetime()}. */
  String issue(String prefix) {
    String token =
        prefix + "." + Long.toHexString(issued.incrementAndGet()) + "." + System.nanoTime();
    expiries.put(token, clock.instant().plus(lifetime));
    return token;
  }

  /** True when {@code authorization} is {@code Bearer <a token issued and not expired>}. */
  boolean valid(String authorization) {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return false;
    }
    Instant expiry = expiries.get(authorization.substring("Bearer ".length()).trim());
    return expiry != null && clock.instant().isBefore(expiry);
  }

  Duration lifetime() {
    return lifetime;
  }

  void lifetime(Duration lifetime) {
    this.lifetime = lifetime;
  }

  /** Every token issued so far stops working now. */
  void expireAll() {
    expiries.clear();
  }

  long issuedCount() {
    return issued.get();
  }

  /** An {@code application/x-www-form-urlencoded} body; the first value of a name wins. */
  static Map<String, String> form(byte[] body) {
    Map<String, String> fields = new LinkedHashMap<>();
    String text = new String(body, StandardCharsets.UTF_8);
    if (text.isEmpty()) {
      return fields;
    }
    for (String pair : text.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      fields.putIfAbsent(
          URLDecoder.decode(name, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return fields;
  }
}
