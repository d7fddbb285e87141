package io.sluice.sandbox;

import io.sluice.connectors.crowdstrike.CrowdStrikeConnectorFactory;
import io.sluice.connectors.graph.EntraConnectorFactory;
import io.sluice.connectors.mimecast.MimecastConnectorFactory;
import io.sluice.connectors.okta.OktaConnectorFactory;
import io.sluice.sandbox.simulators.CrowdStrikeSimulator;
import io.sluice.sandbox.simulators.EntraSignIns;
import io.sluice.sandbox.simulators.FalconAlerts;
import io.sluice.sandbox.simulators.GraphSimulator;
import io.sluice.sandbox.simulators.MimecastEvents;
import io.sluice.sandbox.simulators.MimecastSimulator;
import io.sluice.sandbox.simulators.OktaEvents;
import io.sluice.sandbox.simulators.OktaSimulator;
import io.sluice.sandbox.simulators.VendorSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The vendor APIs of the demo: the four simulators of {@code sandbox/harness}, serving a morning of
 * benign traffic with the scripted attacks, all within the half hour before "now" (so that raw
 * retention never deletes them and every event is within the rules' one-hour grace of the others).
 * Also the credentials the connectors need and the VIP list the impersonation rule relies on.
 */
public final class DemoScenario implements AutoCloseable {
  static final String OKTA_TOKEN = "00demo-okta-api-token-0123456789abcdef";
  static final String CLIENT_ID = "demo-client";
  static final String CLIENT_SECRET = "demo~secret~0123456789";
  static final String ENTRA_TENANT = "corp.onmicrosoft.com";

  /** reference.vip-users: the CFO, at whom the impersonation run is aimed. */
  static final Map<String, String> VIPS =
      Map.of("cfo@corp.example", "{\"title\":\"CFO\",\"criticality\":\"high\"}");

  private static final Duration SPAN = Duration.ofMinutes(30);
  private static final int BENIGN = 40;
  private static final int FALCON_BENIGN = 20;
  private static final long SEED = 2024;

  final OktaSimulator okta;
  final MimecastSimulator mimecast;
  final GraphSimulator graph;
  final CrowdStrikeSimulator crowdStrike;
  private final int records;

  private DemoScenario(
      OktaSimulator okta,
      MimecastSimulator mimecast,
      GraphSimulator graph,
      CrowdStrikeSimulator crowdStrike,
      int records) {
    this.okta = okta;
    this.mimecast = mimecast;
    this.graph = graph;
    this.crowdStrike = crowdStrike;
    this.records = records;
  }

  /**
   * The environment variables that hold the simulators' credentials, as the connectors read them.
   */
  public static Map<String, String> credentials() {
    return Map.of(
        OktaConnectorFactory.TOKEN_ENV, OKTA_TOKEN,
        MimecastConnectorFactory.CLIENT_ID_ENV, CLIENT_ID,
        MimecastConnectorFactory.CLIENT_SECRET_ENV, CLIENT_SECRET,
        EntraConnectorFactory.CLIENT_ID_ENV, CLIENT_ID,
        EntraConnectorFactory.CLIENT_SECRET_ENV, CLIENT_SECRET,
        CrowdStrikeConnectorFactory.CLIENT_ID_ENV, CLIENT_ID,
        CrowdStrikeConnectorFactory.CLIENT_SECRET_ENV, CLIENT_SECRET);
  }

  /** The simulators by vendor, as {@code --endpoints-file} names them. */
  public Map<String, VendorSimulator> simulators() {
    Map<String, VendorSimulator> all = new LinkedHashMap<>();
    all.put("okta", okta);
    all.put("mimecast", mimecast);
    all.put("entra", graph);
    all.put("crowdstrike", crowdStrike);
    return all;
  }

  /** Starts the simulators with the scenario laid out over the half hour before {@code now}. */
  public static DemoScenario start(Instant now) {
    Feeds feeds = Feeds.of(SEED, now.minus(SPAN), BENIGN, FALCON_BENIGN);
    List<AutoCloseable> started = new ArrayList<>();
    try {
      OktaSimulator okta = started(started, OktaSimulator.start(OKTA_TOKEN, feeds.okta()));
      MimecastSimulator mimecast =
          started(started, MimecastSimulator.start(CLIENT_ID, CLIENT_SECRET, feeds.mail()));
      GraphSimulator graph =
          started(
              started,
              GraphSimulator.start(ENTRA_TENANT, CLIENT_ID, CLIENT_SECRET, feeds.signIns()));
      CrowdStrikeSimulator crowdStrike =
          started(
              started, CrowdStrikeSimulator.start(CLIENT_ID, CLIENT_SECRET, feeds.detections()));
      return new DemoScenario(okta, mimecast, graph, crowdStrike, feeds.size());
    } catch (RuntimeException e) {
      started.forEach(DemoScenario::closeQuietly);
      throw e;
    }
  }

  /**
   * Each feed's records of one layout of the scenario: {@code benign} records per feed from {@code
   * start} with every scripted attack among them.
   */
  record Feeds(
      List<String> okta,
      MimecastEvents.Scenario mail,
      List<String> signIns,
      List<String> detections) {
    static Feeds of(long seed, Instant start, int benign, int falconBenign) {
      MimecastEvents.Scenario mail = MimecastEvents.fullScenario(seed, start, benign, 1, 10);
      Instant login =
          MimecastEvents.allowedClickTime(start, benign)
              .plus(MimecastEvents.CLICK_THEN_LOGIN_DELAY);
      List<String> oktaLog =
          new ArrayList<>(
              OktaEvents.withLogin(
                  OktaEvents.scenario(seed, benign, start),
                  seed + 1,
                  MimecastEvents.CLICK_THEN_LOGIN_USER,
                  "203.0.113.12",
                  login));
      // 21 minutes into the demo's layout of 40 benign records; as far in, in proportion, otherwise
      oktaLog.add(withoutActor(seed, start.plus(Duration.ofSeconds(31L * benign + 20))));
      return new Feeds(
          oktaLog,
          mail,
          EntraSignIns.scenario(seed, benign, start),
          FalconAlerts.scenario(seed, falconBenign, start, Duration.ofMinutes(1)));
    }

    /** Distinct records: what a full backfill lands, redeliveries aside. */
    int size() {
      return okta.size() + mail.size() + signIns.size() + detections.size();
    }
  }

  /** Distinct records the simulators serve: what a full backfill lands, redeliveries aside. */
  public int records() {
    return records;
  }

  /**
   * An Okta event without an actor: real logs have them (system events), and the mapper cannot key
   * one by user, so the demo shows the dead-letter queue at work.
   */
  private static String withoutActor(long seed, Instant published) {
    String event =
        OktaEvents.login(
            new UUID(seed, 1), published, "system@corp.example", "10.0.0.1", true, "Dublin");
    return event.replaceFirst("\"actor\":\\{[^}]*}", "\"actor\":null");
  }

  private static <T extends AutoCloseable> T started(List<AutoCloseable> all, T simulator) {
    all.add(simulator);
    return simulator;
  }

  private static void closeQuietly(AutoCloseable simulator) {
    try {
      simulator.close();
    } catch (Exception e) {
      System.err.println("sluice demo: could not stop a simulator: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    List.of(okta, mimecast, graph, crowdStrike).forEach(DemoScenario::closeQuietly);
  }
}
