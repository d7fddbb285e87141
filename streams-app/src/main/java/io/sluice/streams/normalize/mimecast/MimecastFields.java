package io.sluice.streams.normalize.mimecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.schemas.Direction;
import io.sluice.schemas.EmailAction;
import io.sluice.schemas.User;
import io.sluice.schemas.Verdict;
import io.sluice.streams.canonical.Keys;
import io.sluice.streams.canonical.Text;
import io.sluice.streams.normalize.IpLiterals;
import io.sluice.streams.normalize.Json;
import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Readers shared by the Mimecast mappers: value-table lookups that keep what the table does not
 * know, e-mail addresses as keys, URL hosts, hashes and the event time. None of them throws on bad
 * vendor data.
 */
public final class MimecastFields {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern LIST_SEPARATOR = Pattern.compile("[,;]");

  private MimecastFields() {}

  /** The event time, or the reason the record goes to the DLQ. */
  /** The first of {@code fields} that holds a value (as text), or null. */
  public static String firstField(JsonNode json, String... fields) {
    for (String field : fields) {
      if (Json.text(json, field) != null) {
        return field;
      }
    }
    return null;
  }

  /** The text of the first of {@code fields} that holds a value, or null. */
  public static String firstText(JsonNode json, String... fields) {
    String field = firstField(json, fields);
    return field == null ? null : Json.text(json, field);
  }

  /**
   * An e-mail address as a key: trimmed, lower-cased, {@code <...>} and a display name ({@code Ann
   * <ann@corp.example>}) removed. The null sender {@code <>} is no address.
   */
  public static String address(String raw) {
    if (raw == null) {
      return null;
    }
    String value = raw.strip();
    int open = value.lastIndexOf('<');
    if (open >= 0 && value.endsWith(">")) {
      value = value.substring(open + 1, value.length() - 1);
    }
    return Keys.normalize(Text.clean(value, 320));
  }

  /** Addresses from a JSON array or a comma/semicolon-separated string, normalised, no blanks. */
  public static List<String> addresses(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (node.isArray()) {
      for (JsonNode item : node) {
        if (item.isValueNode()) {
          addAddress(out, item.asText());
        }
      }
    } else if (node.isTextual()) {
      for (String part : LIST_SEPARATOR.split(node.textValue())) {
        addAddress(out, part);
      }
    }
    return out;
  }

  private static void addAddress(List<String> out, String raw) {
    String address = address(raw);
    if (address != null && !out.contains(address)) {
      out.add(address);
    }
  }

  /** A user named by a normalised address (or login); null when there is none. */
  public static User user(String normalized) {
    if (normalized == null) {
      return null;
    }
    return User.newBuilder()
        .setName(normalized)
        .setEmail(normalized.contains("@") ? normalized : null)
        .setVip(false)
        .build();
  }

  /** A user with no name, for records that carry no address at all (the key is then null). */
  public static User nobody() {
    return User.newBuilder().setVip(false).build();
  }

  /**
   * The host of a URL, lower-case, IDN as Unicode; null when the URL has no host or cannot be
   * parsed (the URL itself is still kept by the caller). Hosts java.net.URI will not parse as a
   * server (non-ASCII, underscores) are taken from the raw authority.
   */
  public static String urlDomain(String url) {
    if (url == null || url.isBlank()) {
      return null;
    }
    try {
      URI uri = new URI(url.strip());
      String host = uri.getHost();
      if (host == null) {
        host = hostOfAuthority(uri.getRawAuthority());
      }
      if (host == null || host.isEmpty()) {
        return null;
      }
      if (host.startsWith("[") && host.endsWith("]")) {
        return host.toLowerCase(Locale.ROOT); // IPv6 literal
      }
      if (host.endsWith(".")) {
        host = host.substring(0, host.length() - 1);
      }
      String unicode = IDN.toUnicode(host, IDN.ALLOW_UNASSIGNED);
      String domain = Text.clean(unicode.toLowerCase(Locale.ROOT), 253);
      return domain.isBlank() ? null : domain;
    } catch (URISyntaxException | IllegalArgumentException malformed) {
      return null; // a URL Sluice cannot parse: no domain, the URL is kept as sent
    }
  }

  private static String hostOfAuthority(String authority) {
    if (authority == null) {
      return null;
    }
    String host = authority.substring(authority.lastIndexOf('@') + 1);
    int port = host.lastIndexOf(':');
    if (port >= 0 && !host.endsWith("]")) {
      host = host.substring(0, port);
    }
    if (host.contains("%")) {
      return null; // percent-encoded host: not decoded here
    }
    return host;
  }

  /** A SHA-256 as lower-case hex, or null when the value is not 64 hex characters. */
  public static String sha256(String raw) {
    if (raw == null) {
      return null;
    }
    String value = raw.strip().toLowerCase(Locale.ROOT);
    return SHA256.matcher(value).matches() ? value : null;
  }

  /**
   * The verdict for {@code raw}; a value the table does not know maps to UNKNOWN and is kept in
   * {@code unmapped} under {@code field}.
   */
  public static Verdict verdict(String field, String raw, Map<String, String> unmapped) {
    Verdict known = MimecastValues.verdict(raw);
    if (known == null) {
      keep(field, raw, unmapped);
      return Verdict.UNKNOWN;
    }
    return known;
  }

  /**
   * The action for {@code raw}; unknown → UNKNOWN, and the raw value is kept whenever the result is
   * UNKNOWN or OTHER, so "none" stays distinguishable from a value Sluice has never seen.
   *
   * <p>A comma-separated list ({@code "user release, none"}) is read item by item and the strongest
   * action wins ({@link MimecastValues#stronger}); the list is always kept as sent, since the
   * canonical field holds only one action. An item the table does not know makes the whole value
   * UNKNOWN: it might be stronger than the ones Sluice knows.
   */
  public static EmailAction action(String field, String raw, Map<String, String> unmapped) {
    List<String> items = actionItems(raw);
    if (items.size() > 1) {
      keep(field, raw, unmapped);
      EmailAction strongest = null;
      for (String item : items) {
        EmailAction known = MimecastValues.action(item);
        if (known == null) {
          return EmailAction.UNKNOWN;
        }
        strongest = strongest == null ? known : MimecastValues.stronger(strongest, known);
      }
      return strongest;
    }
    EmailAction known = MimecastValues.action(raw);
    if (known == null || known == EmailAction.OTHER) {
      keep(field, raw, unmapped);
    }
    return known == null ? EmailAction.UNKNOWN : known;
  }

  /** Whether an action value is a list of several actions. */
  public static boolean isActionList(String raw) {
    return actionItems(raw).size() > 1;
  }

  private static List<String> actionItems(String raw) {
    List<String> items = new ArrayList<>();
    if (raw == null) {
      return items;
    }
    for (String part : raw.split(",")) {
      if (!part.isBlank()) {
        items.add(part.strip());
      }
    }
    return items;
  }

  /**
   * An IP field: the value when it is an IP address literal; otherwise null, with the text kept in
   * {@code unmapped} under the field's name (Mimecast writes {@code "Internal IP"} in {@code
   * sendingIp} for internal mail).
   */
  public static String ip(String field, String raw, Map<String, String> unmapped) {
    return IpLiterals.address(field, raw, unmapped);
  }

  /** The direction for {@code raw}; unknown → UNKNOWN with the raw value kept. */
  public static Direction direction(String field, String raw, Map<String, String> unmapped) {
    Direction known = MimecastValues.direction(raw);
    if (known == null) {
      keep(field, raw, unmapped);
      return Direction.UNKNOWN;
    }
    return known;
  }

  private static void keep(String field, String raw, Map<String, String> unmapped) {
    if (raw != null && field != null) {
      unmapped.put(field, raw);
    }
  }
}
