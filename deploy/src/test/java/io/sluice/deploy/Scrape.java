package io.sluice.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The series names and their label names in Prometheus' text exposition format, as {@code /metrics}
 * serves it: sample names as Prometheus stores them, so {@code _total}, {@code _bucket}, {@code
 * _count}, {@code _sum} and unit suffixes are already part of the name.
 */
final class Scrape {
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"(?:[^\"\\\\]|\\\\.)*\"");

  private final Map<String, Set<String>> labelsByName = new TreeMap<>();

  static Scrape parse(String text) {
    Scrape scrape = new Scrape();
    scrape.add(text);
    return scrape;
  }

  /** The union of every endpoint's {@code /metrics}. */
  static Scrape of(Collection<URI> endpoints) throws IOException, InterruptedException {
    Scrape scrape = new Scrape();
    HttpClient http = HttpClient.newHttpClient();
    for (URI endpoint : endpoints) {
      HttpResponse<String> response =
          http.send(HttpRequest.newBuilder(endpoint).build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException(endpoint + " answered " + response.statusCode());
      }
      scrape.add(response.body());
    }
    return scrape;
  }

  private void add(String text) {
    for (String line : text.split("\n")) {
      Matcher sample = SAMPLE.matcher(line);
      if (line.startsWith("#") || !sample.find()) {
        continue;
      }
      Set<String> labels = labelsByName.computeIfAbsent(sample.group(1), n -> new TreeSet<>());
      if (sample.group(3) != null) {
        Matcher label = LABEL.matcher(sample.group(3));
        while (label.find()) {
          labels.add(label.group(1));
        }
      }
    }
  }

  boolean has(String name) {
    return labelsByName.containsKey(name);
  }

  Set<String> labels(String name) {
    return labelsByName.getOrDefault(name, Set.of());
  }

  Set<String> names() {
    return labelsByName.keySet();
  }
}
