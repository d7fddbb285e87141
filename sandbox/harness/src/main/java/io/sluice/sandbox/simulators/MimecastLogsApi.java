package io.sluice.sandbox.simulators;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The five Mimecast log endpoints of {@link MimecastSimulator}, POST with the common envelope:
 * {@code meta.pagination.pageSize}/{@code pageToken}, {@code data[0].from}/{@code to} (audit:
 * {@code startDateTime}/{@code endDateTime}, inclusive), records under {@code data[].clickLogs[]}
 * etc. or flat {@code data[]} (audit), oldest or newest first ({@code oldestFirst}).
 *
 * <ul>
 *   <li>a full page carries {@code next}; the page after the last record is Elastic's mock: {@code
 *       "next":"String"} with {@code "data":[]}
 *   <li>the token is an offset into the window's records, so a record that becomes visible while a
 *       window is paged shifts the pages after it (the connector must tolerate the repeat)
 *   <li>a record is visible only from its time plus a late delay; a token older than the cursor
 *       lifetime → 400 {@code err_invalid_page_token}
 * </ul>
 */
final class MimecastLogsApi {
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx");
  private static final Pattern TIME_FIELD =
      Pattern.compile("\"(?:date|eventTime)\"\\s*:\\s*\"([^\"]+)\"");

  private record Log(String path, String logsField, String fromField, String toField) {}

  private static final List<Log> LOGS =
      List.of(
          new Log(MimecastEvents.TTP_URL, "clickLogs", "from", "to"),
          new Log(MimecastEvents.TTP_ATTACHMENT, "attachmentLogs", "from", "to"),
          new Log(MimecastEvents.TTP_IMPERSONATION, "impersonationLogs", "from", "to"),
          new Log(MimecastEvents.DLP, "dlpLogs", "from", "to"),
          new Log(MimecastEvents.AUDIT, null, "startDateTime", "endDateTime"));

  private record Entry(String json, Instant time, Instant visible) {}

  private final Map<String, Map<String, List<Entry>>> byClient = new ConcurrentHashMap<>();
  private final BiFunction<String, Instant, Instant> visibleAt;
  private final Predicate<Instant> expired;
  private final Clock clock;

  MimecastLogsApi(
      BiFunction<String, Instant, Instant> visibleAt, Predicate<Instant> expired, Clock clock) {
    this.visibleAt = visibleAt;
    this.expired = expired;
    this.clock = clock;
  }

  boolean serves(String path) {
    return LOGS.stream().anyMatch(l -> l.path().equals(path));
  }

  void add(String client, MimecastEvents.Scenario scenario) {
    for (Log log : LOGS) {
      append(client, log.path(), scenario.logs(log.path()));
    }
  }

  void append(String client, String path, List<String> records) {
    List<Entry> entries =
        byClient
            .computeIfAbsent(client, c -> new ConcurrentHashMap<>())
            .computeIfAbsent(path, p -> new CopyOnWriteArrayList<>());
    for (String record : records) {
      Instant time = recordTime(record);
      entries.add(new Entry(record, time, time == null ? null : visibleAt.apply(record, time)));
    }
  }

  SimResponse handle(SimRequest request, String client) {
    Log log = LOGS.stream().filter(l -> l.path().equals(request.path())).findFirst().orElseThrow();
    String body = new String(request.body(), StandardCharsets.UTF_8);
    Integer pageSize = intField(body, "pageSize");
    Instant from = instantField(body, log.fromField());
    Instant to = instantField(body, log.toField());
    if (pageSize == null || pageSize < 1 || from == null || to == null) {
      return MimecastSimulator.failure(
          400,
          "err_validation_null",
          "pageSize, " + log.fromField() + " and " + log.toField() + " are required");
    }
    String token = stringField(body, "pageToken");
    int offset = 0;
    if (token != null) {
      String[] parts = MimecastSimulator.decodeToken(token);
      if (parts == null) {
        return MimecastSimulator.failure(
            400, "err_invalid_page_token", "The page token is not valid");
      }
      if (expired.test(Instant.parse(parts[0]))) {
        return MimecastSimulator.failure(
            400, "err_invalid_page_token", "The page token has expired");
      }
      offset = Integer.parseInt(parts[1]);
    }
    boolean oldestFirst = !body.matches("(?s).*\"oldestFirst\"\\s*:\\s*false.*");
    Instant now = clock.instant();
    List<Entry> matching = new ArrayList<>();
    for (Entry e : byClient.getOrDefault(client, Map.of()).getOrDefault(log.path(), List.of())) {
      if (e.time() != null
          && !e.time().isBefore(from)
          && !e.time().isAfter(to)
          && !e.visible().isAfter(now)) {
        matching.add(e);
      }
    }
    Comparator<Entry> byTime = Comparator.comparing(Entry::time);
    matching.sort(oldestFirst ? byTime : byTime.reversed());
    int start = Math.min(offset, matching.size());
    int end = Math.min(start + pageSize, matching.size());
    List<String> page = matching.subList(start, end).stream().map(Entry::json).toList();
    String next;
    if (page.isEmpty()) {
      next = token == null ? null : "String"; // Elastic's mock: a token with no data means done
    } else if (page.size() == pageSize) {
      next = MimecastSimulator.encodeToken(end, now); // a full page does not know if more follow
    } else {
      next = null;
    }
    String records = String.join(",", page);
    String data;
    if (page.isEmpty()) {
      data = "[]";
    } else if (log.logsField() == null) {
      data = "[" + records + "]";
    } else {
      data = "[{\"" + log.logsField() + "\":[" + records + "]}]";
    }
    String json =
        "{\"meta\":{\"status\":200,\"pagination\":{\"pageSize\":"
            + pageSize
            + ",\"totalCount\":"
            + matching.size()
            + (next == null ? "" : ",\"next\":\"" + next + "\"")
            + "}},\"data\":"
            + data
            + ",\"fail\":[]}";
    return SimResponse.json(200, json);
  }

  private static Instant recordTime(String record) {
    Matcher m = TIME_FIELD.matcher(record);
    return m.find() ? parseTime(m.group(1)) : null;
  }

  private static Instant parseTime(String value) {
    try {
      return DATE_TIME.parse(value, java.time.OffsetDateTime::from).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Integer intField(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*(\\d+)").matcher(json);
    return m.find() ? Integer.valueOf(m.group(1)) : null;
  }

  private static String stringField(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
    return m.find() ? m.group(1) : null;
  }

  private static Instant instantField(String json, String field) {
    String value = stringField(json, field);
    return value == null ? null : parseTime(value);
  }
}
