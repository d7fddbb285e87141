package io.sluice.connectors.testing;

import static io.sluice.connectors.testing.ItConnectors.records;
import static io.sluice.connectors.testing.ItConnectors.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.connectors.config.ConnectorConfig;
import io.sluice.connectors.core.ConnectorFactory;
import io.sluice.connectors.core.ExitCodes;
import io.sluice.connectors.crowdstrike.CrowdStrikeConnectorFactory;
import io.sluice.connectors.graph.EntraConnectorFactory;
import io.sluice.connectors.mimecast.MimecastConnectorFactory;
import io.sluice.connectors.okta.OktaConnectorFactory;
import io.sluice.connectors.testing.ItConnectors.RunningConnector;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.sandbox.harness.SandboxExtension;
import io.sluice.sandbox.simulators.CrowdStrikeSimulator;
import io.sluice.sandbox.simulators.EntraSignIns;
import io.sluice.sandbox.simulators.FalconAlerts;
import io.sluice.sandbox.simulators.GraphSimulator;
import io.sluice.sandbox.simulators.MimecastEvents;
import io.sluice.sandbox.simulators.MimecastSimulator;
import io.sluice.sandbox.simulators.OktaEvents;
import io.sluice.sandbox.simulators.OktaSimulator;
import io.sluice.sandbox.simulators.SimClock;
import io.sluice.sandbox.simulators.SimOptions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two customers of one vendor on one Kafka cluster, each with its connector and no {@code
 * --connector-id}: the default ids carry the tenant, so neither fences the other and each resumes
 * only its own checkpoint — on the same vendor host where the vendor serves everyone from one.
 */
@ExtendWith(SandboxExtension.class)
class TwoTenantsIT {
  private static final Duration LANDED = Duration.ofSeconds(60);

  private final EmbeddedKafka kafka;
  private final SimClock clock = SimClock.at(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  private final Instant past = clock.instant().minus(2, ChronoUnit.HOURS);
  private final String run = Long.toHexString(System.nanoTime());

  TwoTenantsIT(EmbeddedKafka kafka) {
    this.kafka = kafka;
  }

  @Test
  void shouldRunTwoMimecastApplicationsOnOneHostSideBySide() {
    MimecastEvents.Scenario a = MimecastEvents.scenario(1, past, 40, 0, 0);
    MimecastEvents.Scenario b = MimecastEvents.scenario(2, past, 30, 0, 0);
    String idA = "app-a-" + run;
    String idB = "app-b-" + run;
    try (MimecastSimulator sim =
        MimecastSimulator.start(idA, "secret-a", a, options()).addClient(idB, "secret-b", b)) {
      side(
          new MimecastConnectorFactory.Audit(),
          sim.baseUrl().toString(),
          Map.of(),
          Map.of("MIMECAST_CLIENT_ID", idA, "MIMECAST_CLIENT_SECRET", "secret-a"),
          Map.of("MIMECAST_CLIENT_ID", idB, "MIMECAST_CLIENT_SECRET", "secret-b"),
          "mimecast-audit@" + idA,
          "mimecast-audit@" + idB,
          "raw.mimecast.audit",
          a.logs(MimecastEvents.AUDIT),
          b.logs(MimecastEvents.AUDIT));
    }
  }

  @Test
  void shouldRunTwoEntraTenantsOnOneGraphSideBySide() {
    String tenantA = "a" + run + ".onmicrosoft.com";
    String tenantB = "b" + run + ".onmicrosoft.com";
    List<String> a = EntraSignIns.benign(3, 40, past, Duration.ofMinutes(1));
    List<String> b = EntraSignIns.benign(4, 30, past, Duration.ofMinutes(1));
    try (GraphSimulator graph =
        GraphSimulator.start(tenantA, "client-a", "secret-a", a, options())
            .addTenant(tenantB, "client-b", "secret-b", b)) {
      side(
          new EntraConnectorFactory(),
          graph.baseUrl().toString(),
          Map.of(EntraConnectorFactory.LOGIN_URL, graph.baseUrl().toString()),
          Map.of(
              "ENTRA_CLIENT_ID",
              "client-a",
              "ENTRA_CLIENT_SECRET",
              "secret-a",
              "SLUICE_ENTRA_TENANT",
              tenantA),
          Map.of(
              "ENTRA_CLIENT_ID",
              "client-b",
              "ENTRA_CLIENT_SECRET",
              "secret-b",
              "SLUICE_ENTRA_TENANT",
              tenantB),
          "entra@" + tenantA,
          "entra@" + tenantB,
          "raw.entra.signins",
          a,
          b);
    }
  }

  @Test
  void shouldRunTwoFalconCustomersOnOneCloudSideBySide() {
    List<String> a = FalconAlerts.benign(5, 40, past, Duration.ofMinutes(1));
    List<String> b = FalconAlerts.benign(6, 30, past, Duration.ofMinutes(1));
    String idA = "falcon-a-" + run;
    String idB = "falcon-b-" + run;
    try (CrowdStrikeSimulator falcon =
        CrowdStrikeSimulator.start(idA, "secret-a", a, options()).addClient(idB, "secret-b", b)) {
      side(
          new CrowdStrikeConnectorFactory(),
          falcon.baseUrl().toString(),
          Map.of(),
          Map.of("CROWDSTRIKE_CLIENT_ID", idA, "CROWDSTRIKE_CLIENT_SECRET", "secret-a"),
          Map.of("CROWDSTRIKE_CLIENT_ID", idB, "CROWDSTRIKE_CLIENT_SECRET", "secret-b"),
          "crowdstrike@" + idA,
          "crowdstrike@" + idB,
          "raw.crowdstrike.alerts",
          a,
          b);
    }
  }

  @Test
  void shouldRunTwoOktaOrgsSideBySide() {
    List<String> a = OktaEvents.benignLogins(7, 40, past, Duration.ofMinutes(1));
    List<String> b = OktaEvents.benignLogins(8, 30, past, Duration.ofMinutes(1));
    try (OktaSimulator orgA = OktaSimulator.start("token-a", a, options());
        OktaSimulator orgB = OktaSimulator.start("token-b", b, options())) {
      // two orgs are two hosts; the connectors differ by base.url (and token) only
      Map<String, String> flagsA = flags(orgA.baseUrl().toString(), Map.of());
      Map<String, String> flagsB = flags(orgB.baseUrl().toString(), Map.of());
      try (RunningConnector first =
              ItConnectors.start(
                  new OktaConnectorFactory(), flagsA, Map.of("OKTA_API_TOKEN", "token-a"), clock);
          RunningConnector second =
              ItConnectors.start(
                  new OktaConnectorFactory(), flagsB, Map.of("OKTA_API_TOKEN", "token-b"), clock)) {
        String idA = "okta@" + orgA.baseUrl().getAuthority();
        String idB = "okta@" + orgB.baseUrl().getAuthority();
        awaitBoth("raw.okta.system-log", idA, idB, a, b, first, second);
      }
    }
  }

  @Test
  void shouldRefuseToResumeAnotherTenantsCheckpointNamingBoth() {
    MimecastEvents.Scenario a = MimecastEvents.scenario(9, past, 20, 0, 0);
    String idA = "app-a-" + run;
    String idB = "app-b-" + run;
    String shared = "mc-shared-id-" + run;
    try (MimecastSimulator sim =
        MimecastSimulator.start(idA, "secret-a", a, options())
            .addClient(idB, "secret-b", MimecastEvents.scenario(10, past, 20, 0, 0))) {
      Map<String, String> flags = new LinkedHashMap<>(flags(sim.baseUrl().toString(), Map.of()));
      flags.put(ConnectorConfig.CONNECTOR_ID, shared);
      try (RunningConnector first =
          ItConnectors.start(
              new MimecastConnectorFactory.Dlp(),
              flags,
              Map.of("MIMECAST_CLIENT_ID", idA, "MIMECAST_CLIENT_SECRET", "secret-a"),
              clock)) {
        await("tenant A's checkpoint committed")
            .atMost(LANDED)
            .untilAsserted(
                () ->
                    assertThat(records(kafka, "raw.mimecast.dlp", shared, true))
                        .hasSize(a.logs(MimecastEvents.DLP).size()));
      }

      try (RunningConnector other =
          ItConnectors.start(
              new MimecastConnectorFactory.Dlp(),
              flags,
              Map.of("MIMECAST_CLIENT_ID", idB, "MIMECAST_CLIENT_SECRET", "secret-b"),
              clock)) {
        await("the other tenant's connector refuses to start")
            .atMost(LANDED)
            .untilAsserted(() -> assertThat(other.exit).isCompletedWithValue(ExitCodes.BAD_CONFIG));
        assertThat(other.stopMessage)
            .contains("belongs to tenant '" + idA + "'")
            .contains("configured for tenant '" + idB + "'");
      }
      assertThat(records(kafka, "raw.mimecast.dlp", shared, true))
          .as("nothing of tenant B was published under A's position")
          .hasSize(a.logs(MimecastEvents.DLP).size());
    }
  }

  private void side(
      ConnectorFactory factory,
      String baseUrl,
      Map<String, String> extra,
      Map<String, String> envA,
      Map<String, String> envB,
      String idA,
      String idB,
      String topic,
      List<String> a,
      List<String> b) {
    Map<String, String> flags = flags(baseUrl, extra);
    try (RunningConnector first =
            ItConnectors.start(factory, withTenant(flags, envA), envA, clock);
        RunningConnector second =
            ItConnectors.start(factory, withTenant(flags, envB), envB, clock)) {
      awaitBoth(topic, idA, idB, a, b, first, second);
    }
  }

  private void awaitBoth(
      String topic,
      String idA,
      String idB,
      List<String> a,
      List<String> b,
      RunningConnector first,
      RunningConnector second) {
    await("both tenants' records landed, each under its own connector id")
        .atMost(LANDED)
        .untilAsserted(
            () -> {
              assertThat(values(records(kafka, topic, idA, true)))
                  .containsExactlyInAnyOrderElementsOf(a);
              assertThat(values(records(kafka, topic, idB, true)))
                  .containsExactlyInAnyOrderElementsOf(b);
            });
    assertThat(first.exit).as("neither fenced the other").isNotDone();
    assertThat(second.exit).isNotDone();
  }

  /** The Entra tenant is a setting; passed through the environment here, as SLUICE_*. */
  private static Map<String, String> withTenant(
      Map<String, String> flags, Map<String, String> env) {
    Map<String, String> all = new LinkedHashMap<>(flags);
    String tenant = env.get("SLUICE_ENTRA_TENANT");
    if (tenant != null) {
      all.put(EntraConnectorFactory.TENANT, tenant);
    }
    return all;
  }

  private Map<String, String> flags(String baseUrl, Map<String, String> extra) {
    Map<String, String> flags =
        new LinkedHashMap<>(ItConnectors.settings(kafka, baseUrl, "unused", extra));
    flags.remove(ConnectorConfig.CONNECTOR_ID); // the default: <name>@<tenant>
    return flags;
  }

  private SimOptions options() {
    return SimOptions.realistic().on(clock);
  }
}
