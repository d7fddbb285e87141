package io.sluice.streams.normalize;

/**
 * Recognises IPv4 and IPv6 address literals by their syntax alone. {@code InetAddress.getByName} is
 * deliberately not used: given a host name it does a DNS lookup, and the text here is vendor free
 * text that an attacker can partly control.
 */
public final class IpLiterals {
  private IpLiterals() {}

  public static boolean isLiteral(String text) {
    return text != null && (isIpv4(text) || isIpv6(text));
  }

  /** The text when it is an IP address literal (trimmed), otherwise null. */
  public static String orNull(String text) {
    if (text == null) {
      return null;
    }
    String trimmed = text.strip();
    return isLiteral(trimmed) ? trimmed : null;
  }

  /**
   * An IP field's value when it is an address; otherwise null, and the text the vendor put there
   * (Mimecast writes {@code "Internal IP"}) is kept in {@code unmapped} under the field's name, so
   * that nothing is lost and no rule matches a word as an address.
   */
  public static String address(String field, String text, java.util.Map<String, String> unmapped) {
    String address = orNull(text);
    if (address == null && text != null && field != null) {
      unmapped.put(field, text);
    }
    return address;
  }

  public static boolean isIpv4(String text) {
    if (text.length() < 7 || text.length() > 15) {
      return false;
    }
    // four dot-separated groups of 1-3 decimal digits, each at most 255; read in one pass, since
    // every IP field of every record comes through here
    int groups = 0;
    int digits = 0;
    int value = 0;
    for (int i = 0; i <= text.length(); i++) {
      char c = i == text.length() ? '.' : text.charAt(i);
      if (c == '.') {
        if (digits == 0 || value > 255 || ++groups > 4) {
          return false;
        }
        digits = 0;
        value = 0;
      } else if (c >= '0' && c <= '9' && digits < 3) {
        digits++;
        value = value * 10 + (c - '0');
      } else {
        return false;
      }
    }
    return groups == 4;
  }

  public static boolean isIpv6(String text) {
    if (text.length() < 2 || text.length() > 45 || text.indexOf(':') < 0) {
      return false;
    }
    String hex = text;
    if (text.indexOf('.') >= 0) {
      // an embedded IPv4 tail (::ffff:192.0.2.1) counts as the last two groups
      int lastColon = text.lastIndexOf(':');
      if (!isIpv4(text.substring(lastColon + 1))) {
        return false;
      }
      hex = text.substring(0, lastColon + 1) + "0:0";
    }
    int gap = hex.indexOf("::");
    if (gap < 0) {
      return groups(hex) == 8;
    }
    if (hex.indexOf("::", gap + 1) >= 0) {
      return false;
    }
    int left = hex.substring(0, gap).isEmpty() ? 0 : groups(hex.substring(0, gap));
    int right = hex.substring(gap + 2).isEmpty() ? 0 : groups(hex.substring(gap + 2));
    return left >= 0 && right >= 0 && left + right <= 7;
  }

  /** Number of colon-separated groups of 1–4 hex digits, or -1 when one is malformed. */
  private static int groups(String text) {
    String[] parts = text.split(":", -1);
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 4) {
        return -1;
      }
      for (int i = 0; i < part.length(); i++) {
        char c = part.charAt(i);
        boolean hexDigit =
            (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        if (!hexDigit) {
          return -1;
        }
      }
    }
    return parts.length;
  }
}
