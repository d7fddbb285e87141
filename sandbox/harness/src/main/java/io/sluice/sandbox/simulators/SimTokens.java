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
 * OAuth2 access tokens as the simulators of client-credentials vendors (Mimecast, Graph,
 * CrowdStrike) issue them: opaque, bound to the client (tenant, application) they were issued to,
 * with a lifetime, and revocable at once ({@link #expireAll}) to act out a token that expires
 * early, so a connector must get a new one after its first 401.
 */
final class SimTokens {
  private record Issued(String client, Instant expiry) {}

  private final Map<String, Issued> issuedTokens = new ConcurrentHashMap<>();
  private final AtomicLong issued = new AtomicLong();
  private final Clock clock;
  private volatile Duration lifetime;

  SimTokens(Duration lifetime, Clock clock) {
    this.lifetime = lifetime;
    this.clock = clock;
  }

  /** A new token of {@code client} valid for {@link #lifetime()}. */
  String issue(String prefix, String client) {
    String token =
        prefix + "." + Long.toHexString(issued.incrementAndGet()) + "." + System.nanoTime();
    issuedTokens.put(token, new Issued(client, clock.instant().plus(lifetime)));
    return token;
  }

  /**
   * The client whose token {@code authorization} ({@code Bearer <token>}) carries, while it has not
   * expired; null otherwise.
   */
  String client(String authorization) {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return null;
    }
    Issued token = issuedTokens.get(authorization.substring("Bearer ".length()).trim());
    return token != null && clock.instant().isBefore(token.expiry()) ? token.client() : null;
  }

  /** A client-credentials grant's answer: {@code {"access_token","token_type","expires_in"…}}. */
  String grant(String prefix, String client, String tokenType, String more) {
    return "{\"access_token\":\""
        + issue(prefix, client)
        + "\",\"token_type\":\""
        + tokenType
        + "\",\"expires_in\":"
        + lifetime.toSeconds()
        + more
        + "}";
  }

  Duration lifetime() {
    return lifetime;
  }

  void lifetime(Duration lifetime) {
    this.lifetime = lifetime;
  }

  /** Every token issued so far stops working now. */
  void expireAll() {
    issuedTokens.clear();
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
