package io.sluice.streams.normalize.okta;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.streams.normalize.Json;
import java.util.Locale;
import java.util.Set;

/**
 * Okta's text fields, with its placeholders read as absent (docs/feeds/okta.md, "Placeholders").
 * Where the System Log has no value it often writes a word instead of leaving the field out: {@code
 * "unknown"} in {@code target[].alternateId}, {@code authenticationContext.externalSessionId} or an
 * unresolved actor's {@code id}, the text {@code "null"} in {@code client.zone}. Taken as values,
 * every unknown target would be one account named "unknown".
 */
final class OktaText {
  /**
   * Compared case-insensitively after trimming; "null" and "" are already absent in {@link Json}.
   */
  private static final Set<String> PLACEHOLDERS = Set.of("unknown");

  private OktaText() {}

  /** The text at the path, or null when absent, blank or a placeholder. */
  static String text(JsonNode node, String path) {
    String text = Json.text(node, path);
    if (text == null || text.isBlank()) {
      return null;
    }
    return PLACEHOLDERS.contains(text.strip().toLowerCase(Locale.ROOT)) ? null : text;
  }
}
