package io.sluice.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.sandbox.simulators.EntraSignIns;
import io.sluice.sandbox.simulators.MimecastEvents;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What {@code demo --follow} appends: each round of attacks has entities of its own (or every
 * rule's suppression would swallow the repeat), and lies where the windowed connectors look.
 */
class LiveTrafficTest {
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static final Pattern ENTRA_TIME = Pattern.compile("\"createdDateTime\":\"([^\"]+)\"");
  private static final Pattern MIMECAST_TIME =
      Pattern.compile("\"(?:date|eventTime)\"\\s*:\\s*\"([^\"]+)\"");
  private static final DateTimeFormatter MIMECAST =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx");

  @Test
  void shouldGiveEachRoundItsOwnAccountsSprayAddressCampaignUrlAndVip() {
    UnaryOperator<String> round3 = LiveTraffic.relabel(3);

    assertThat(round3.apply("{\"user\":\"ann@corp.example\"}"))
        .isEqualTo("{\"user\":\"ann@r3.corp.example\"}");
    assertThat(round3.apply("cfo@corp.example")).isEqualTo("cfo@r3.corp.example");
    assertThat(round3.apply(EntraSignIns.SPRAY_IP)).isNotEqualTo(EntraSignIns.SPRAY_IP);
    assertThat(round3.apply(MimecastEvents.CAMPAIGN_URL))
        .isEqualTo(MimecastEvents.CAMPAIGN_URL + "-r3");
    assertThat(round3.apply("news@partner.example")).isEqualTo("news@partner.example");
  }

  @Test
  void shouldNeverReuseASprayAddressWithinThousandsOfRounds() {
    Set<String> addresses = new HashSet<>();
    IntStream.rangeClosed(1, 5_000)
        .forEach(n -> addresses.add(LiveTraffic.relabel(n).apply(EntraSignIns.SPRAY_IP)));

    assertThat(addresses).hasSize(5_000).allMatch(a -> a.matches("185\\.220\\.\\d+\\.\\d+"));
    assertThat(addresses).allSatisfy(a -> assertThat(valid(a)).as(a).isTrue());
  }

  @Test
  void shouldLayARoundWithinTheLastTwelveMinutesInsideEveryConnectorsOverlap() {
    DemoScenario.Feeds feeds = DemoScenario.Feeds.of(1, NOW.minus(LiveTraffic.ROUND_SPAN), 4, 4);
    List<Instant> times = new ArrayList<>();
    feeds.signIns().forEach(s -> times.add(Instant.parse(find(ENTRA_TIME, s))));
    feeds
        .mail()
        .logs()
        .values()
        .forEach(
            records ->
                records.forEach(
                    r ->
                        times.add(
                            OffsetDateTime.parse(find(MIMECAST_TIME, r), MIMECAST).toInstant())));

    assertThat(times).hasSizeGreaterThan(50);
    assertThat(times)
        .as("the Entra ID connector looks 15 minutes back, the others 30")
        .allSatisfy(t -> assertThat(t).isBetween(NOW.minus(LiveTraffic.ROUND_SPAN), NOW));
  }

  private static boolean valid(String address) {
    String[] parts = address.split("\\.");
    return Integer.parseInt(parts[2]) <= 255 && Integer.parseInt(parts[3]) <= 254;
  }

  private static String find(Pattern pattern, String json) {
    Matcher m = pattern.matcher(json);
    assertThat(m.find()).as(json).isTrue();
    return m.group(1);
  }
}
