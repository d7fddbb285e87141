package io.sluice.sandbox.simulators;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Deterministic Okta System Log events for scenarios: the shape of the failed-login example in
 * docs/feeds/okta.md (after Elastic's test fixtures), with values made up from a seed, so the same
 * seed always gives the same bytes.
 */
public final class OktaEvents {
  private static final String[] USERS = {
    "ann@corp.example", "bob@corp.example", "carla@corp.example", "dev@corp.example",
    "eve.ops@corp.example", "farid@corp.example", "gita@corp.example", "hans@corp.example"
  };
  private static final String[] CITIES = {"Dublin", "Bucharest", "Lisbon", "Zürich", "Austin"};

  private OktaEvents() {}

  /** One {@code user.session.start} event. */
  public static String login(
      UUID uuid, Instant published, String user, String ip, boolean success, String city) {
    String result = success ? "SUCCESS" : "FAILURE";
    String legacy = success ? "core.user_auth.login_success" : "core.user_auth.login_failed";
    String reason = success ? "null" : "\"INVALID_CREDENTIALS\"";
    String severity = success ? "INFO" : "WARN";
    return "{\"uuid\":\""
        + uuid
        + "\",\"published\":\""
        + published.truncatedTo(ChronoUnit.MILLIS)
        + "\",\"eventType\":\"user.session.start\",\"legacyEventType\":\""
        + legacy
        + "\",\"displayMessage\":\"User login to Okta\",\"severity\":\""
        + severity
        + "\",\"version\":\"0\",\"actor\":{\"id\":\"00u"
        + Integer.toHexString(user.hashCode())
        + "\",\"type\":\"User\",\"alternateId\":\""
        + user
        + "\",\"displayName\":\""
        + user.substring(0, user.indexOf('@'))
        + "\",\"detailEntry\":null},\"client\":{\"ipAddress\":\""
        + ip
        + "\",\"device\":\"Computer\",\"zone\":\"null\",\"userAgent\":{\"rawUserAgent\":"
        + "\"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) Gecko/20100101 Firefox/125.0\","
        + "\"os\":\"Mac OS X\",\"browser\":\"FIREFOX\"},\"geographicalContext\":{\"city\":\""
        + city
        + "\",\"country\":\"Somewhere\",\"geolocation\":{\"lat\":37.72,\"lon\":-121.91}}},"
        + "\"outcome\":{\"result\":\""
        + result
        + "\",\"reason\":"
        + reason
        + "},\"authenticationContext\":{\"authenticationStep\":0,\"externalSessionId\":\"unknown\"},"
        + "\"debugContext\":{\"debugData\":{\"requestUri\":\"/api/v1/authn\",\"threatSuspected\":"
        + "\"false\"}},\"request\":{\"ipChain\":[{\"ip\":\""
        + ip
        + "\",\"version\":\"V4\",\"source\":null}]},\"target\":null,\"transaction\":{\"type\":"
        + "\"WEB\",\"id\":\"Xk"
        + uuid.toString().substring(0, 8)
        + "\",\"detail\":{}}}";
  }

  /**
   * {@code count} successful logins of the usual users, {@code spacing} apart from {@code start}.
   */
  public static List<String> benignLogins(long seed, int count, Instant start, Duration spacing) {
    return benignLogins(seed, count, start, spacing, 0);
  }

  /**
   * Like {@link #benignLogins(long, int, Instant, Duration)}, but spread over {@code population}
   * users {@code user<n>@corp.example} (0: the usual few), for load runs that need a realistic
   * number of distinct accounts.
   */
  public static List<String> benignLogins(
      long seed, int count, Instant start, Duration spacing, int population) {
    Random random = new Random(seed);
    List<String> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String user =
          population > 0
              ? "user" + random.nextInt(population) + "@corp.example"
              : USERS[random.nextInt(USERS.length)];
      String ip = "10.0." + random.nextInt(256) + "." + (1 + random.nextInt(254));
      events.add(
          login(
              uuid(random),
              start.plus(spacing.multipliedBy(i)),
              user,
              ip,
              true,
              CITIES[random.nextInt(CITIES.length)]));
    }
    return events;
  }

  /**
   * A brute-force burst: {@code failures} failed logins of {@code user} from {@code ip}, {@code
   * spacing} apart, then one success (the {@code auth.success-after-failures} pattern).
   */
  public static List<String> bruteForce(
      long seed, String user, String ip, int failures, Instant start, Duration spacing) {
    Random random = new Random(seed);
    List<String> events = new ArrayList<>(failures + 1);
    for (int i = 0; i <= failures; i++) {
      events.add(
          login(
              uuid(random), start.plus(spacing.multipliedBy(i)), user, ip, i == failures, "Lagos"));
    }
    return events;
  }

  /**
   * Benign traffic with a brute-force burst in the middle: the default scenario of the demo and of
   * connector tests.
   */
  public static List<String> scenario(long seed, int benign, Instant start) {
    List<String> events =
        new ArrayList<>(benignLogins(seed, benign, start, Duration.ofSeconds(30)));
    int middle = events.size() / 2;
    Instant burstStart = start.plus(Duration.ofSeconds(30L * middle));
    events.addAll(
        middle,
        bruteForce(
            seed + 1, "ann@corp.example", "198.51.100.77", 12, burstStart, Duration.ofSeconds(2)));
    return events;
  }

  /**
   * {@code events} with one successful login of {@code user} at {@code at} inserted in published
   * order, e.g. the identity half of a click-then-login scenario ({@link
   * MimecastEvents#allowedClickTime} plus {@link MimecastEvents#CLICK_THEN_LOGIN_DELAY}).
   */
  public static List<String> withLogin(
      List<String> events, long seed, String user, String ip, Instant at) {
    Instant published = at.truncatedTo(ChronoUnit.MILLIS);
    List<String> merged = new ArrayList<>(events);
    int index = 0;
    while (index < merged.size() && !published(merged.get(index)).isAfter(published)) {
      index++;
    }
    merged.add(index, login(uuid(new Random(seed)), published, user, ip, true, "Dublin"));
    return merged;
  }

  private static Instant published(String event) {
    int from = event.indexOf("\"published\":\"") + "\"published\":\"".length();
    return Instant.parse(event.substring(from, event.indexOf('"', from)));
  }

  private static UUID uuid(Random random) {
    long most = (random.nextLong() & ~0xF000L) | 0x4000L;
    long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(most, least);
  }
}
