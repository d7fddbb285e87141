package io.sluice.connectors.http;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RFC 8288 {@code Link} headers, as Okta sends them: one header per relation ({@code <...>;
 * rel="self"}, {@code <...>; rel="next"}) or several comma-separated in one header.
 */
public final class LinkHeader {
  private static final Pattern LINK =
      Pattern.compile("<([^>]*)>\\s*((?:;\\s*[^;,]+)*)", Pattern.CASE_INSENSITIVE);
  private static final Pattern REL =
      Pattern.compile(";\\s*rel\\s*=\\s*\"?([^\";,]+)\"?", Pattern.CASE_INSENSITIVE);

  private LinkHeader() {}

  /**
   * Relation (lower case) → target, from every {@code Link} header; the first wins per relation.
   */
  public static Map<String, URI> parse(HttpHeaders headers) {
    Map<String, URI> links = new LinkedHashMap<>();
    for (String value : headers.allValues("Link")) {
      Matcher link = LINK.matcher(value);
      while (link.find()) {
        Matcher rel = REL.matcher(link.group(2));
        while (rel.find()) {
          for (String name : rel.group(1).trim().split("\\s+")) {
            links.putIfAbsent(name.toLowerCase(Locale.ROOT), URI.create(link.group(1).trim()));
          }
        }
      }
    }
    return links;
  }

  public static Optional<URI> next(HttpHeaders headers) {
    return Optional.ofNullable(parse(headers).get("next"));
  }
}
