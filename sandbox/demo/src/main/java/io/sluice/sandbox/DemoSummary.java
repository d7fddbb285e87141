package io.sluice.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * The demo's closing report: records per raw topic, canonical, dead-lettered and duplicate counts
 * from the pipeline's own meters (so raw = canonical + DLQ + duplicates can be checked by eye),
 * alerts per rule, and the riskiest users as the risk API answers them.
 */
final class DemoSummary {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration POLL = Duration.ofMillis(100);

  private final MeterRegistry meters;
  private final URI riskApi;

  DemoSummary(MeterRegistry meters, URI riskApi) {
    this.meters = meters;
    this.riskApi = riskApi;
  }

  /**
   * Waits (up to {@code limit}) until the streams app has accounted for at least {@code records}
   * distinct raw records and for every raw record it read, so that the counts printed agree.
   */
  boolean awaitSettled(int records, Duration limit) {
    return poll(
        limit,
        () -> {
          double mapped = total("sluice_canonical_events") + total("sluice_dead_letters");
          return mapped >= records
              && mapped + total("sluice_duplicates_dropped") == total("sluice_raw_records");
        });
  }

  void print(PrintStream out, Map<String, Integer> alertsPerRule) {
    out.println("sluice demo: summary");
    out.println("  raw records per topic:");
    bySource("sluice_raw_records")
        .forEach((source, n) -> out.printf(Locale.ROOT, "    raw.%-26s %5d%n", source, n));
    out.println("  canonical events per topic:");
    byTag("sluice_canonical_events", "class")
        .forEach((c, n) -> out.printf(Locale.ROOT, "    canonical.%-20s %5d%n", c, n));
    out.println("  dead-lettered (sluice.dlq) per reason:");
    byTag("sluice_dead_letters", "reason")
        .forEach((r, n) -> out.printf(Locale.ROOT, "    %-30s %5d%n", r, n));
    out.println("  alerts per rule:");
    alertsPerRule.forEach((rule, n) -> out.printf(Locale.ROOT, "    %-30s %5d%n", rule, n));
    out.printf(
        Locale.ROOT,
        "sluice demo: raw=%d canonical=%d dead-lettered=%d duplicates=%d alerts=%d%n",
        (long) total("sluice_raw_records"),
        (long) total("sluice_canonical_events"),
        (long) total("sluice_dead_letters"),
        (long) total("sluice_duplicates_dropped"),
        alertsPerRule.values().stream().mapToInt(Integer::intValue).sum());
    out.println("sluice demo: riskiest users (" + riskApi + "):");
    topUsers(Duration.ofSeconds(10)).forEach(line -> out.println("  " + line));
  }

  /**
   * One line of {@code --follow}'s progress: raw records per feed, canonical events, dead letters
   * and the alerts printed so far.
   */
  String progress(int alerts) {
    StringBuilder feeds = new StringBuilder();
    bySource("sluice_raw_records")
        .forEach(
            (source, n) ->
                feeds.append(feeds.isEmpty() ? "" : " ").append(source).append('=').append(n));
    return String.format(
        Locale.ROOT,
        "sluice demo: raw %s | canonical=%d dlq=%d alerts=%d",
        feeds.isEmpty() ? "(none yet)" : feeds,
        (long) total("sluice_canonical_events"),
        (long) total("sluice_dead_letters"),
        alerts);
  }

  /** The risk API's top users, one line each; retried while the API answers 503 (rebalancing). */
  private List<String> topUsers(Duration limit) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request = HttpRequest.newBuilder(riskApi).timeout(Duration.ofSeconds(5)).build();
    List<String> lines = new ArrayList<>();
    String[] problem = {"no answer"};
    boolean answered =
        poll(
            limit,
            () -> {
              try {
                HttpResponse<String> response =
                    client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                  problem[0] = "HTTP " + response.statusCode();
                  return false;
                }
                int rank = 1;
                for (JsonNode user : JSON.readTree(response.body()).path("users")) {
                  lines.add(
                      String.format(
                          Locale.ROOT,
                          "%d. %-24s score %6.1f  malicious clicks %d, failed logins %d,"
                              + " DLP violations %d, alerts %s%s",
                          rank++,
                          user.path("user").asText(),
                          user.path("score").asDouble(),
                          user.path("malicious_clicks").asInt(),
                          user.path("failed_logins").asInt(),
                          user.path("dlp_violations").asInt(),
                          user.path("alerts_by_severity"),
                          user.path("vip").asBoolean() ? "  [VIP]" : ""));
                }
                return true;
              } catch (IOException e) {
                problem[0] = e.toString();
                return false;
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
              }
            });
    return answered ? lines : List.of("(the risk API did not answer: " + problem[0] + ")");
  }

  private double total(String name) {
    return meters.find(name).counters().stream().mapToDouble(Counter::count).sum();
  }

  private Map<String, Long> bySource(String name) {
    return byTag(name, "source");
  }

  private Map<String, Long> byTag(String name, String tag) {
    Map<String, Long> counts = new TreeMap<>();
    for (Counter counter : meters.find(name).counters()) {
      counts.merge(counter.getId().getTag(tag), (long) counter.count(), Long::sum);
    }
    return counts;
  }

  /** Bounded polling on the demo's own thread (no test library in a runnable). */
  private static boolean poll(Duration limit, BooleanSupplier condition) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }
}
