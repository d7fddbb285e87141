package io.sluice.streams.enrich.identity;

import io.sluice.streams.canonical.Keys;
import java.util.function.UnaryOperator;

/**
 * Turns the account name a vendor sent into the canonical user key, so that one person's Falcon,
 * Okta, Entra and Mimecast events meet under one key (docs/operations.md, "Identities"):
 *
 * <ol>
 *   <li>the name is normalised ({@link Keys#normalize});
 *   <li>an alias listed in {@code reference.identities} ({@code jdoe}, {@code corp\jdoe}, an Okta
 *       login, an Entra UPN) becomes the user it names;
 *   <li>otherwise a bare account name (no {@code @}, no {@code \}, no {@code /}, no space) gets the
 *       configured default domain, {@code jdoe} → {@code jdoe@corp.example}, and that address is
 *       looked up as an alias once more (so {@code jdoe@corp.example} may in turn name {@code
 *       john.doe@corp.example});
 *   <li>anything else is the normalised name itself.
 * </ol>
 *
 * At most one alias is followed after the default domain: the table is a mapping, not a graph, so a
 * cycle in it cannot loop.
 */
public final class Identities {
  private final UnaryOperator<String> aliases;
  private final String defaultDomain;

  /**
   * @param aliases the canonical user of a normalised alias, or null when it is not listed
   * @param defaultDomain the domain for bare account names, or null for none
   */
  public Identities(UnaryOperator<String> aliases, String defaultDomain) {
    this.aliases = aliases;
    this.defaultDomain =
        defaultDomain == null || defaultDomain.isBlank() ? null : domain(defaultDomain);
  }

  /** No aliases, no default domain: every name is only normalised. */
  public static Identities none() {
    return new Identities(alias -> null, null);
  }

  /** The canonical user key of an account name; null for null or blank. */
  public String resolve(String name) {
    String normalized = Keys.normalize(name);
    if (normalized == null) {
      return null;
    }
    String listed = aliases.apply(normalized);
    if (listed != null) {
      return listed;
    }
    if (defaultDomain != null && isBare(normalized)) {
      String qualified = normalized + "@" + defaultDomain;
      String qualifiedListed = aliases.apply(qualified);
      return qualifiedListed != null ? qualifiedListed : qualified;
    }
    return normalized;
  }

  /** An account name with no domain of any kind (e-mail, NetBIOS, Kerberos path). */
  static boolean isBare(String normalized) {
    for (int i = 0; i < normalized.length(); i++) {
      char c = normalized.charAt(i);
      if (c == '@' || c == '\\' || c == '/' || Character.isWhitespace(c)) {
        return false;
      }
    }
    return !normalized.isEmpty();
  }

  private static String domain(String value) {
    String domain = Keys.normalize(value);
    return domain.startsWith("@") ? domain.substring(1) : domain;
  }
}
