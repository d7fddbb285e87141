package io.sluice.sandbox;

import io.sluice.sandbox.simulators.EntraSignIns;
import io.sluice.sandbox.simulators.FalconAlerts;
import io.sluice.sandbox.simulators.MimecastEvents;
import io.sluice.sandbox.simulators.MimecastUrlClicks;
import io.sluice.sandbox.simulators.OktaEvents;
import io.sluice.streams.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What {@code sluice demo --follow} adds to the scenario's simulators while it runs: a trickle of
 * benign traffic ({@link #tick}) and, at intervals, the scripted attacks again ({@link #round}).
 *
 * <p>A repeated attack must raise new alerts, and every rule suppresses repeats for the same entity
 * (10 minutes for a login burst, a day for repeated DLP holds), so each round is the scenario laid
 * out anew with its own seed, over the twelve minutes before now (inside every connector's window
 * overlap, so the windowed feeds find records older than what they already published), with its own
 * entities: accounts in {@code @r<n>.corp.example}, its own spray address and campaign URL, and its
 * own VIP, published to {@code reference.vip-users} one round ahead so the VIP table holds it
 * before the impersonation arrives. Benign traffic comes from {@code @live.corp.example} accounts,
 * which no attack touches, so it never completes a scripted attack's pattern.
 */
final class LiveTraffic implements AutoCloseable {
  /** How far before "now" a round starts: its last records (a click campaign) land near now. */
  static final Duration ROUND_SPAN = Duration.ofMinutes(12);

  private static final int ROUND_BENIGN = 4;
  private static final long ROUND_SEED = 7_000;
  private static final String DOMAIN = "@corp.example";
  private static final String VIP = "cfo" + DOMAIN;
  private static final String LIVE_DOMAIN = "@live.corp.example";

  private final DemoScenario scenario;
  private final KafkaProducer<byte[], byte[]> producer;

  LiveTraffic(DemoScenario scenario, Map<String, Object> producerConfig) {
    this.scenario = scenario;
    this.producer = new KafkaProducer<>(producerConfig);
  }

  /** Publishes the first round's VIP; call once before {@link #round}{@code (1, …)}. */
  void prepare() {
    publishVip(1);
  }

  /**
   * Appends round {@code n} (1, 2, …) of the scripted attacks to the simulators and publishes the
   * VIP of the next; returns how many records the round holds.
   */
  int round(int n, Instant now) {
    publishVip(n + 1);
    UnaryOperator<String> relabel = relabel(n);
    DemoScenario.Feeds feeds =
        DemoScenario.Feeds.of(
            ROUND_SEED + 1_000L * n, now.minus(ROUND_SPAN), ROUND_BENIGN, ROUND_BENIGN);
    scenario.okta.append(map(feeds.okta(), relabel));
    feeds
        .mail()
        .logs()
        .forEach((path, records) -> scenario.mimecast.append(path, map(records, relabel)));
    feeds
        .mail()
        .siem()
        .forEach(
            (type, files) ->
                files.forEach(f -> scenario.mimecast.appendSiemFile(type, map(f, relabel))));
    scenario.graph.append(map(feeds.signIns(), relabel));
    scenario.crowdStrike.append(map(feeds.detections(), relabel));
    return feeds.size();
  }

  /** Appends tick {@code n}'s benign records, one per identity feed, URL clicks and endpoints. */
  void tick(long n, Instant now) {
    UnaryOperator<String> live = s -> s.replace(DOMAIN, LIVE_DOMAIN);
    long seed = 1_000_000L + n;
    scenario.okta.append(map(OktaEvents.benignLogins(seed, 1, now, Duration.ZERO), live));
    scenario.graph.append(map(EntraSignIns.benign(seed, 1, now, Duration.ZERO), live));
    scenario.crowdStrike.append(FalconAlerts.benign(seed, 1, now, Duration.ZERO));
    String user = "user" + Math.floorMod(n, 20) + LIVE_DOMAIN;
    scenario.mimecast.append(
        MimecastEvents.TTP_URL,
        List.of(
            MimecastUrlClicks.click(
                user,
                "news@partner.example",
                "https://news.industry.example/today",
                "clean",
                "allow",
                now,
                "<live-" + n + "@mx.example>")));
  }

  /**
   * Round {@code n}'s entities: its own domain for every account, its own spray address and its own
   * click-campaign URL.
   */
  static UnaryOperator<String> relabel(int n) {
    String domain = "@r" + n + "." + DOMAIN.substring(1);
    String sprayIp =
        String.format(Locale.ROOT, "185.220.%d.%d", 102 + (n / 254) % 100, 1 + n % 254);
    String campaign = MimecastEvents.CAMPAIGN_URL + "-r" + n;
    return s ->
        s.replace(DOMAIN, domain)
            .replace(EntraSignIns.SPRAY_IP, sprayIp)
            .replace(MimecastEvents.CAMPAIGN_URL, campaign);
  }

  private void publishVip(int round) {
    String vip = relabel(round).apply(VIP);
    byte[] value = DemoScenario.VIPS.get(VIP).getBytes(StandardCharsets.UTF_8);
    try {
      producer
          .send(new ProducerRecord<>(Topics.VIP_USERS, vip.getBytes(StandardCharsets.UTF_8), value))
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot publish the VIP " + vip + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static List<String> map(List<String> records, UnaryOperator<String> f) {
    return records.stream().map(f).toList();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(2));
  }
}
