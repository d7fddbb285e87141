package io.sluice.streams.sigma;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 network ({@code 10.0.0.0/8}, {@code 2001:db8::/32}) for the {@code cidr}
 * modifier. Values are read as IP literals only: IPv4 strictly as four decimal parts, IPv6 through
 * {@link InetAddress} after checking that the text can only be an IPv6 literal (hex digits, colons
 * and dots), so no vendor text is ever resolved as a host name.
 */
final class Cidr {
  private final byte[] network;
  private final int prefix;

  private Cidr(byte[] network, int prefix) {
    this.network = network;
    this.prefix = prefix;
  }

  /** The network, or null when the text is not {@code address[/prefix]}. */
  static Cidr parse(String text) {
    String t = text.strip();
    int slash = t.indexOf('/');
    byte[] address = address(slash < 0 ? t : t.substring(0, slash));
    if (address == null) {
      return null;
    }
    int max = address.length * 8;
    int prefix = max;
    if (slash >= 0) {
      String p = t.substring(slash + 1);
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
        return null;
      }
      prefix = Integer.parseInt(p);
      if (prefix > max) {
        return null;
      }
    }
    return new Cidr(address, prefix);
  }

  boolean contains(String value) {
    byte[] address = address(value.strip());
    if (address == null || address.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (address[full] & mask) == (network[full] & mask);
  }

  /** The bytes of an IPv4 (4) or IPv6 (16; IPv4-mapped ones as 4) literal, or null. */
  static byte[] address(String text) {
    if (text.indexOf(':') >= 0) {
      return ipv6(text);
    }
    return ipv4(text);
  }

  private static byte[] ipv4(String text) {
    byte[] out = new byte[4];
    int part = 0;
    int value = 0;
    int digits = 0;
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : '.';
      if (c >= '0' && c <= '9') {
        value = value * 10 + (c - '0');
        digits++;
        if (digits > 3 || value > 255) {
          return null;
        }
      } else if (c == '.') {
        if (digits == 0 || part == 4) {
          return null;
        }
        out[part++] = (byte) value;
        value = 0;
        digits = 0;
      } else {
        return null;
      }
    }
    return part == 4 ? out : null;
  }

  private static byte[] ipv6(String text) {
    if (text.length() > 45) {
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok = c == ':' || c == '.' || Character.digit(c, 16) >= 0;
      if (!ok) {
        return null;
      }
    }
    try {
      // A string with a colon is only ever parsed as an IPv6 literal, never looked up.
      return InetAddress.getByName(text).getAddress();
    } catch (UnknownHostException | IllegalArgumentException e) {
      return null;
    }
  }
}
