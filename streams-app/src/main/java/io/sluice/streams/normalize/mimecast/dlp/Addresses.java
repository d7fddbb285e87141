package io.sluice.streams.normalize.mimecast.dlp;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.streams.canonical.Keys;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** E-mail addresses as DLP records carry them: bare, in angle brackets, or as lists. */
final class Addresses {
  /** More recipients than this on one record is not a DLP log line but a broken one. */
  static final int MAX_RECIPIENTS = 500;

  /** The SMTP null reverse-path of bounces and other system mail. */
  static final String NULL_SENDER = "<>";

  private Addresses() {}

  /**
   * The address in {@code ann@corp.example}, {@code <ann@corp.example>} or {@code Ann
   * <ann@corp.example>}, normalised with {@link Keys#normalize}; null when there is none.
   */
  static String address(String text) {
    if (text == null) {
      return null;
    }
    String value = text.strip();
    int open = value.lastIndexOf('<');
    int close = open < 0 ? -1 : value.indexOf('>', open);
    if (open >= 0 && close > open + 1) {
      value = value.substring(open + 1, close);
    } else if (NULL_SENDER.equals(value)) {
      return null;
    }
    return Keys.normalize(value);
  }

  /** The parsed recipients, and whether the whole value could be read. */
  record Recipients(List<String> addresses, boolean complete) {}

  /**
   * Recipients from a string ({@code "a@x"} or {@code "a@x, b@y; c@z"}) or an array of such
   * strings; other JSON types read as none. Duplicates are dropped, order kept.
   */
  static Recipients recipients(JsonNode node) {
    if (node == null || node.isNull()) {
      return new Recipients(List.of(), true);
    }
    Set<String> addresses = new LinkedHashSet<>();
    boolean complete = true;
    if (node.isTextual()) {
      complete = addAll(addresses, node.textValue());
    } else if (node.isArray()) {
      for (JsonNode element : node) {
        complete &= element.isTextual() && addAll(addresses, element.textValue());
      }
    } else {
      complete = false;
    }
    return new Recipients(new ArrayList<>(addresses), complete);
  }

  private static boolean addAll(Set<String> addresses, String text) {
    for (String part : text.split("[,;]")) {
      String address = address(part);
      if (address != null) {
        if (addresses.size() >= MAX_RECIPIENTS) {
          return false;
        }
        addresses.add(address);
      }
    }
    return true;
  }
}
