package io.sluice.streams.views;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Shapes merged {@link ViewData} into the JSON each page reads (docs/api.md, "Views"). Pure
 * functions of the data, so tests check them without HTTP.
 */
final class ViewAnswers {
  /** Rows per top list a page shows. */
  static final int SHOWN = 10;

  /** Alerts a page shows at most. */
  static final int SHOWN_ALERTS = 100;

  private ViewAnswers() {}

  static Map<String, Object> clicks(ViewData d) {
    Map<String, Object> a = window();
    a.put("clicks", total(d, "clicks"));
    a.put("malicious_clicks", total(d, "clicks.malicious"));
    a.put("by_action", byPrefix(d, "clicks.action."));
    a.put("malicious_by_action", byPrefix(d, "clicks.malicious.action."));
    a.put("top_urls", top(d, "clicks.urls", "url", "clicks"));
    a.put("top_domains", top(d, "clicks.domains", "domain", "clicks"));
    a.put("top_users", top(d, "clicks.users", "user", "malicious_clicks"));
    a.put("series", series(d, Map.of("clicks", "clicks", "clicks.malicious", "malicious")));
    a.put("alerts", alerts(d, "url-click"));
    return a;
  }

  static Map<String, Object> auth(ViewData d) {
    Map<String, Object> a = window();
    a.put("failures", total(d, "auth.FAILURE"));
    a.put("successes", total(d, "auth.SUCCESS"));
    Map<String, Map<String, Long>> feeds = new TreeMap<>();
    byPrefix(d, "auth.feed.")
        .forEach(
            (feedStatus, n) -> {
              int dot = feedStatus.lastIndexOf('.');
              feeds
                  .computeIfAbsent(feedStatus.substring(0, dot), k -> new TreeMap<>())
                  .put(feedStatus.substring(dot + 1).toLowerCase(Locale.ROOT), n);
            });
    List<Map<String, Object>> byFeed = new ArrayList<>();
    feeds.forEach(
        (feed, statuses) -> {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("feed", feed);
          row.put("failures", statuses.getOrDefault("failure", 0L));
          row.put("successes", statuses.getOrDefault("success", 0L));
          byFeed.add(row);
        });
    a.put("by_feed", byFeed);
    a.put("top_accounts", top(d, "auth.accounts", "account", "failures"));
    a.put("top_ips", top(d, "auth.ips", "ip", "failures"));
    a.put("series", series(d, Map.of("auth.FAILURE", "failures", "auth.SUCCESS", "successes")));
    a.put("alerts", alerts(d, "authentication"));
    a.put("alerts_by_rule", rules(d, "auth."));
    return a;
  }

  static Map<String, Object> email(ViewData d) {
    Map<String, Object> a = window();
    a.put("impersonation", total(d, "email.impersonation"));
    a.put("attachments_by_verdict", byPrefix(d, "email.attachments."));
    a.put("top_hashes", top(d, "email.hashes", "sha256", "messages"));
    a.put("top_recipients", top(d, "email.recipients", "recipient", "messages"));
    a.put("vip_targets", top(d, "email.vips", "recipient", "messages"));
    a.put("top_senders", top(d, "email.senders", "sender", "messages"));
    a.put(
        "series",
        series(
            d,
            Map.of(
                "email.impersonation", "impersonation",
                "email.attachments.MALICIOUS", "malicious_attachments")));
    a.put("alerts", alerts(d, "email-threat"));
    return a;
  }

  static Map<String, Object> dlp(ViewData d) {
    Map<String, Object> a = window();
    a.put("violations", total(d, "dlp"));
    a.put("by_action", byPrefix(d, "dlp.action."));
    a.put("top_users", top(d, "dlp.users", "user", "violations"));
    a.put("top_policies", top(d, "dlp.policies", "policy", "violations"));
    a.put("series", series(d, Map.of("dlp", "violations")));
    a.put("alerts", alerts(d, "data-loss"));
    return a;
  }

  /**
   * The latest alerts, each filter applied when not null: exact rule, severity, feed; entity part.
   */
  static Map<String, Object> alerts(
      ViewData d, String rule, String severity, String entity, String feed) {
    Map<String, Object> a = window();
    List<AlertRow> matching =
        d.alerts().stream()
            .filter(r -> rule == null || r.rule().equals(rule))
            .filter(r -> severity == null || r.severity().equalsIgnoreCase(severity))
            .filter(
                r ->
                    entity == null
                        || r.entity()
                            .toLowerCase(Locale.ROOT)
                            .contains(entity.toLowerCase(Locale.ROOT)))
            .filter(r -> feed == null || r.sources().contains(feed))
            .limit(SHOWN_ALERTS)
            .toList();
    a.put("count", matching.size());
    a.put("alerts", matching);
    a.put("by_severity", byPrefix(d, "alerts.severity."));
    a.put("by_rule", byPrefix(d, "alerts.rule."));
    TreeSet<String> rules = new TreeSet<>();
    TreeSet<String> feeds = new TreeSet<>();
    d.alerts()
        .forEach(
            r -> {
              rules.add(r.rule());
              feeds.addAll(r.sources());
            });
    a.put("rules", rules);
    a.put("feeds", feeds);
    return a;
  }

  static Map<String, Object> pipeline(ViewData d) {
    Map<String, Map<String, Object>> feeds = new TreeMap<>();
    List<Map<String, Object>> dlq = new ArrayList<>();
    List<Map<String, Object>> lag = new ArrayList<>();
    d.pipeline()
        .forEach(
            (key, value) -> {
              int bar = key.indexOf('|');
              String kind = key.substring(0, bar);
              String label = key.substring(bar + 1);
              long n = Math.round(value);
              switch (kind) {
                case "dlq" -> dlq.add(row("reason", label, "records", n));
                case "lag" -> lag.add(row("topic", label, "lag", n));
                default -> {
                  Map<String, Object> feed =
                      feeds.computeIfAbsent(
                          label,
                          f -> {
                            Map<String, Object> r = new LinkedHashMap<>();
                            r.put("feed", f);
                            for (String k : List.of("raw", "canonical", "duplicates", "late")) {
                              r.put(k, 0L);
                            }
                            return r;
                          });
                  feed.merge(kind, n, (x, y) -> (Long) x + (Long) y);
                }
              }
            });
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("since", "instance start");
    a.put("feeds", new ArrayList<>(feeds.values()));
    a.put("dlq", dlq);
    a.put("lag", lag);
    a.put("raw", sum(d, "raw|"));
    a.put("canonical", sum(d, "canonical|"));
    a.put("dead_letters", sum(d, "dlq|"));
    a.put("duplicates", sum(d, "duplicates|"));
    a.put("late", sum(d, "late|"));
    a.put("total_lag", sum(d, "lag|"));
    return a;
  }

  static Map<String, Object> summary(ViewData d) {
    Map<String, Object> a = window();
    a.put("malicious_clicks", total(d, "clicks.malicious"));
    a.put("auth_failures", total(d, "auth.FAILURE"));
    a.put("impersonation", total(d, "email.impersonation"));
    a.put("malicious_attachments", total(d, "email.attachments.MALICIOUS"));
    a.put("dlp_violations", total(d, "dlp"));
    a.put("alerts", total(d, "alerts"));
    a.put("alerts_by_severity", byPrefix(d, "alerts.severity."));
    a.put("raw_events", sum(d, "raw|"));
    a.put("dead_letters", sum(d, "dlq|"));
    a.put("latest_alerts", d.alerts().stream().limit(5).toList());
    return a;
  }

  private static Map<String, Object> window() {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("series_minutes", ViewStore.MINUTES);
    a.put("window_hours", ViewStore.HOURS);
    return a;
  }

  private static long total(ViewData d, String counter) {
    return d.totals().getOrDefault(counter, 0L);
  }

  private static long sum(ViewData d, String prefix) {
    return Math.round(
        d.pipeline().entrySet().stream()
            .filter(e -> e.getKey().startsWith(prefix))
            .mapToDouble(Map.Entry::getValue)
            .sum());
  }

  private static Map<String, Long> byPrefix(ViewData d, String prefix) {
    Map<String, Long> out = new TreeMap<>();
    d.totals().entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .forEach(e -> out.put(e.getKey().substring(prefix.length()), e.getValue()));
    return out;
  }

  private static Map<String, Long> rules(ViewData d, String rulePrefix) {
    Map<String, Long> out = new TreeMap<>();
    byPrefix(d, "alerts.rule.")
        .forEach(
            (rule, n) -> {
              if (rule.startsWith(rulePrefix)) {
                out.put(rule, n);
              }
            });
    return out;
  }

  private static List<Map<String, Object>> top(
      ViewData d, String list, String itemName, String countName) {
    List<Map<String, Object>> rows = new ArrayList<>();
    TopCounts.largest(d.tops().getOrDefault(list, Map.of()), SHOWN)
        .forEach((item, n) -> rows.add(row(itemName, item, countName, n)));
    return rows;
  }

  private static List<AlertRow> alerts(ViewData d, String area) {
    return d.alerts().stream().filter(a -> a.area().equals(area)).limit(SHOWN).toList();
  }

  /**
   * One point per minute from the first minute with data to the newest (at most the kept three
   * hours), zeros filled in, each with the named counters.
   */
  private static List<Map<String, Object>> series(ViewData d, Map<String, String> counters) {
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (String c : counters.keySet()) {
      Map<Long, Long> s = d.minutes().getOrDefault(c, Map.of());
      for (long m : s.keySet()) {
        first = Math.min(first, m);
        last = Math.max(last, m);
      }
    }
    List<Map<String, Object>> points = new ArrayList<>();
    if (first == Long.MAX_VALUE) {
      return points;
    }
    first = Math.max(first, last - ViewStore.MINUTES + 1);
    for (long m = first; m <= last; m++) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("t", m * 60_000L);
      for (Map.Entry<String, String> c : new TreeMap<>(counters).entrySet()) {
        p.put(c.getValue(), d.minutes().getOrDefault(c.getKey(), Map.of()).getOrDefault(m, 0L));
      }
      points.add(p);
    }
    return points;
  }

  private static Map<String, Object> row(String k1, Object v1, String k2, Object v2) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put(k1, v1);
    r.put(k2, v2);
    return r;
  }
}
