package io.sluice.sandbox.simulators;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Deterministic Microsoft Entra ID sign-ins (one element of Graph's {@code signIns} {@code
 * value[]}) for scenarios: the fields of the Graph documentation's sample, values made up from a
 * seed, so the same seed always gives the same bytes. Failures use {@code errorCode} 50126 "Invalid
 * username or password", the AADSTS code of a wrong password.
 */
public final class EntraSignIns {
  static final String[] USERS = {
    "ann@corp.example", "bob@corp.example", "carla@corp.example", "dev@corp.example",
    "eve.ops@corp.example", "farid@corp.example", "gita@corp.example", "hans@corp.example",
    "ines@corp.example", "jon@corp.example", "kemal@corp.example", "lena@corp.example"
  };

  /** The password-spray source of {@link #scenario}. */
  public static final String SPRAY_IP = "185.220.101.44";

  /** The brute-force source and target of {@link #scenario}. */
  public static final String BRUTE_FORCE_IP = "198.51.100.77";

  public static final String BRUTE_FORCE_USER = "ann@corp.example";

  public static final int WRONG_PASSWORD = 50126;

  private static final String[][] PLACES = {
    {"Dublin", "Leinster", "IE", "53.35", "-6.26"},
    {"Bucharest", "Bucuresti", "RO", "44.43", "26.1"},
    {"Lisbon", "Lisboa", "PT", "38.72", "-9.14"},
    {"Austin", "Texas", "US", "30.27", "-97.74"}
  };
  private static final String[][] APPS = {
    {"00000002-0000-0ff1-ce00-000000000000", "Office 365 Exchange Online"},
    {"00000003-0000-0ff1-ce00-000000000000", "Office 365 SharePoint Online"},
    {"1fec8e78-bce4-4aaf-ab1b-5451cc387264", "Microsoft Teams"}
  };

  /** Graph writes createdDateTime with seven fractional digits (100 ns). */
  private static final DateTimeFormatter CREATED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(ZoneOffset.UTC);

  private EntraSignIns() {}

  /** One sign-in; {@code errorCode} 0 is a success. */
  public static String signIn(
      Random random, Instant created, String upn, String ip, int errorCode, int place) {
    String[] where = PLACES[Math.floorMod(place, PLACES.length)];
    String[] app = APPS[random.nextInt(APPS.length)];
    String failure =
        errorCode == 0
            ? "\"Other.\""
            : errorCode == WRONG_PASSWORD
                ? "\"Invalid username or password\""
                : "\"Sign-in failed\"";
    String name = upn.substring(0, upn.indexOf('@'));
    return "{\"id\":\""
        + uuid(random)
        + "\",\"createdDateTime\":\""
        + CREATED.format(created)
        + "\",\"userDisplayName\":\""
        + Character.toUpperCase(name.charAt(0))
        + name.substring(1)
        + "\",\"userPrincipalName\":\""
        + upn
        + "\",\"userId\":\""
        + new UUID(upn.hashCode(), name.hashCode())
        + "\",\"appId\":\""
        + app[0]
        + "\",\"appDisplayName\":\""
        + app[1]
        + "\",\"ipAddress\":\""
        + ip
        + "\",\"clientAppUsed\":\"Browser\",\"correlationId\":\""
        + uuid(random)
        + "\",\"conditionalAccessStatus\":\""
        + (errorCode == 0 ? "success" : "notApplied")
        + "\",\"isInteractive\":true,\"riskDetail\":\"none\",\"riskLevelAggregated\":\"none\","
        + "\"riskLevelDuringSignIn\":\"none\",\"riskState\":\"none\",\"riskEventTypes\":[],"
        + "\"riskEventTypes_v2\":[],\"resourceDisplayName\":\""
        + app[1]
        + "\",\"resourceId\":\""
        + app[0]
        + "\",\"status\":{\"errorCode\":"
        + errorCode
        + ",\"failureReason\":"
        + failure
        + ",\"additionalDetails\":null},\"deviceDetail\":{\"deviceId\":\"\",\"displayName\":null,"
        + "\"operatingSystem\":\"Windows 10\",\"browser\":\"Edge 120.0.0\",\"isCompliant\":null,"
        + "\"isManaged\":null,\"trustType\":null},\"location\":{\"city\":\""
        + where[0]
        + "\",\"state\":\""
        + where[1]
        + "\",\"countryOrRegion\":\""
        + where[2]
        + "\",\"geoCoordinates\":{\"altitude\":null,\"latitude\":"
        + where[3]
        + ",\"longitude\":"
        + where[4]
        + "}},\"appliedConditionalAccessPolicies\":[]}";
  }

  /** {@code count} successful sign-ins of the usual users from their office IPs. */
  public static List<String> benign(long seed, int count, Instant start, Duration spacing) {
    Random random = new Random(seed);
    List<String> signIns = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int user = random.nextInt(USERS.length);
      signIns.add(
          signIn(
              random,
              start.plus(spacing.multipliedBy(i)).plusNanos(100L * random.nextInt(10_000_000)),
              USERS[user],
              "203.0.113." + (10 + user),
              0,
              user % 2));
    }
    return signIns;
  }

  /**
   * A password spray: one wrong password for each of {@code users} (at least 10) different users,
   * all from {@code ip}, {@code spacing} apart.
   */
  public static List<String> passwordSpray(
      long seed, String ip, int users, Instant start, Duration spacing) {
    if (users < 10 || users > USERS.length) {
      throw new IllegalArgumentException("a spray here covers 10.." + USERS.length + " users");
    }
    Random random = new Random(seed);
    List<String> signIns = new ArrayList<>(users);
    for (int i = 0; i < users; i++) {
      signIns.add(
          signIn(random, start.plus(spacing.multipliedBy(i)), USERS[i], ip, WRONG_PASSWORD, 1));
    }
    return signIns;
  }

  /** A brute-force burst: {@code failures} wrong passwords for one user, then a success. */
  public static List<String> bruteForce(
      long seed, String upn, String ip, int failures, Instant start, Duration spacing) {
    Random random = new Random(seed);
    List<String> signIns = new ArrayList<>(failures + 1);
    for (int i = 0; i <= failures; i++) {
      signIns.add(
          signIn(
              random,
              start.plus(spacing.multipliedBy(i)),
              upn,
              ip,
              i == failures ? 0 : WRONG_PASSWORD,
              1));
    }
    return signIns;
  }

  /**
   * {@code benign} sign-ins 30 s apart from {@code start}, with a password spray from {@link
   * #SPRAY_IP} over 12 users a third of the way in and a brute-force burst on {@link
   * #BRUTE_FORCE_USER} from {@link #BRUTE_FORCE_IP} (12 failures, then a success) two thirds in. In
   * time order; the simulator serves them newest first as Graph does.
   */
  public static List<String> scenario(long seed, int benign, Instant start) {
    List<String> signIns = new ArrayList<>(benign(seed, benign, start, Duration.ofSeconds(30)));
    Instant spray = start.plus(Duration.ofSeconds(30L * (benign / 3))).plusSeconds(7);
    Instant burst = start.plus(Duration.ofSeconds(30L * (2 * benign / 3))).plusSeconds(11);
    signIns.addAll(passwordSpray(seed + 1, SPRAY_IP, 12, spray, Duration.ofSeconds(1)));
    signIns.addAll(
        bruteForce(seed + 2, BRUTE_FORCE_USER, BRUTE_FORCE_IP, 12, burst, Duration.ofSeconds(2)));
    return signIns;
  }

  private static UUID uuid(Random random) {
    long most = (random.nextLong() & ~0xF000L) | 0x4000L;
    long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(most, least);
  }
}
