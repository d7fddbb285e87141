package io.sluice.connectors.graph;

import static io.sluice.connectors.testing.FeedPages.drain;
import static io.sluice.connectors.testing.FeedPages.position;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.connectors.core.ConnectorMetrics;
import io.sluice.connectors.core.ErrorKind;
import io.sluice.connectors.core.Page;
import io.sluice.connectors.core.RawRecord;
import io.sluice.connectors.core.VendorException;
import io.sluice.connectors.http.HttpPageClient;
import io.sluice.connectors.http.OAuth2ClientCredentials;
import io.sluice.connectors.http.Secret;
import io.sluice.connectors.window.Window;
import io.sluice.sandbox.simulators.EntraSignIns;
import io.sluice.sandbox.simulators.GraphSimulator;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Paging, checkpoints and the overlap window against the Graph simulator over HTTP (no broker). */
class GraphSignInsFeedTest {
  private static final String TENANT = "contoso.onmicrosoft.com";
  private static final String CLIENT_ID = "0b1c2d3e-aaaa-bbbb-cccc-000000000001";
  private static final String SECRET = "graph~test~secret~value";
  private static final Instant START = Instant.parse("2024-05-02T08:00:00Z");
  private static final Duration OVERLAP = Duration.ofMinutes(5);

  private final List<String> signIns = EntraSignIns.benign(7, 25, START, Duration.ofMinutes(1));
  private final GraphSimulator graph = GraphSimulator.start(TENANT, CLIENT_ID, SECRET, signIns);

  @AfterEach
  void stop() {
    graph.close();
  }

  @Test
  void shouldPageNewestFirstAndMoveTheQueryBoundOnlyAfterTheLastPage() throws Exception {
    GraphSignInsFeed feed = feed(SECRET, 10);
    List<Page> pages = drain(feed, feed.initialPosition());

    assertThat(pages).extracting(p -> p.records().size()).containsExactly(10, 10, 5);
    assertThat(pages).extracting(Page::caughtUp).containsExactly(false, false, true);
    List<RawRecord> all = pages.stream().flatMap(p -> p.records().stream()).toList();
    assertThat(all)
        .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
        .containsExactlyInAnyOrderElementsOf(signIns);
    assertThat(all.get(0).eventTime()).as("newest first").isAfter(all.get(24).eventTime());
    Instant newest = all.get(0).eventTime();

    JsonNode whilePaging = position(pages.get(1).next());
    assertThat(whilePaging.path("from").asText())
        .as("the query bound stays while paging")
        .isEqualTo(START.minusSeconds(60).toString());
    assertThat(whilePaging.path("cursor").asText()).contains("$skiptoken=");
    assertThat(whilePaging.path("max").asText())
        .as("the newest seen, from page 1")
        .isEqualTo(newest.toString());

    JsonNode after = position(pages.get(2).next());
    assertThat(after.has("cursor")).isFalse();
    assertThat(after.path("max").asText()).isEqualTo(newest.toString());
    assertThat(after.path("from").asText()).isEqualTo(newest.minus(OVERLAP).toString());
  }

  @Test
  void shouldFindALateArrivalInTheOverlapAndSkipWhatItAlreadyCommitted() throws Exception {
    GraphSignInsFeed feed = feed(SECRET, 10);
    List<Page> first = drain(feed, feed.initialPosition());
    Instant newest = first.get(0).records().get(0).eventTime();
    String late =
        EntraSignIns.signIn(
            new Random(99), newest.minusSeconds(90), "bob@corp.example", "203.0.113.9", 0, 0);
    graph.append(List.of(late));

    Page again = feed.fetch(first.get(first.size() - 1).next());

    assertThat(again.records())
        .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
        .as("only the late sign-in: the rest of the overlap was committed by this feed")
        .containsExactly(late);
    assertThat(again.caughtUp()).isTrue();
  }

  @Test
  void shouldNotPublishTheOverlapAgainAfterARestartBecauseTheCheckpointKnowsItsIds()
      throws Exception {
    GraphSignInsFeed before = feed(SECRET, 10);
    List<Page> first = drain(before, before.initialPosition());
    String checkpoint = first.get(first.size() - 1).next();
    String late =
        EntraSignIns.signIn(
            new Random(98),
            first.get(0).records().get(0).eventTime().minusSeconds(30),
            "eve.ops@corp.example",
            "203.0.113.10",
            0,
            0);
    graph.append(List.of(late));

    GraphSignInsFeed restarted = feed(SECRET, 10);
    Page again = restarted.fetch(checkpoint);

    assertThat(again.records())
        .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
        .as("a new process skips the overlap by the ids in the checkpoint, finds the late one")
        .containsExactly(late);
  }

  @Test
  void shouldNotSkipTheRecordsOfAPageWhosePublishFailed() throws Exception {
    GraphSignInsFeed feed = feed(SECRET, 100);
    Page notCommitted = feed.fetch(feed.initialPosition());

    Page retried = feed.fetch(feed.initialPosition());

    assertThat(retried.records()).hasSize(25).hasSameSizeAs(notCommitted.records());
  }

  @Test
  void shouldGetOneFreshTokenWhenGraphSaysTheTokenExpired() throws Exception {
    GraphSignInsFeed feed = feed(SECRET, 100);
    feed.fetch(feed.initialPosition());
    graph.expireTokens();

    Page page = feed.fetch(feed.initialPosition());

    assertThat(page.records()).hasSize(25);
    assertThat(graph.tokensIssued()).isEqualTo(2);
  }

  @Test
  void shouldStopNamingTheCredentialSettingsWhenTheTokenEndpointRefusesTheSecret() {
    GraphSignInsFeed feed = feed("wrong-secret-value", 100);

    assertThatThrownBy(() -> feed.fetch(feed.initialPosition()))
        .isInstanceOfSatisfying(
            VendorException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION))
        .hasMessageContaining("invalid_client")
        .hasMessageContaining("AADSTS7000215")
        .hasMessageContaining("ENTRA_CLIENT_SECRET")
        .hasMessageNotContaining("wrong-secret-value");
  }

  @Test
  void shouldStopWhenTheAppLacksThePermission() {
    graph.denyPermission(true);
    GraphSignInsFeed feed = feed(SECRET, 100);

    assertThatThrownBy(() -> feed.fetch(feed.initialPosition()))
        .isInstanceOfSatisfying(
            VendorException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT))
        .hasMessageContaining("AuditLog.Read.All");
  }

  @Test
  void shouldRetryATruncatedPageWithoutMovingOn() throws Exception {
    GraphSignInsFeed feed = feed(SECRET, 10);
    feed.fetch(feed.initialPosition()); // holds a token now, so the cut hits the page
    graph.faults().truncateNextPages(1);

    assertThatThrownBy(() -> feed.fetch(feed.initialPosition()))
        .isInstanceOfSatisfying(
            VendorException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.RETRYABLE))
        .hasMessageContaining("malformed page");
  }

  @Test
  void shouldRefuseToSendTheTokenToANextLinkOnAnotherHost() {
    GraphSignInsFeed feed = feed(SECRET, 10);
    String elsewhere =
        "{\"from\":\""
            + START
            + "\",\"max\":\""
            + START
            + "\",\"seen\":{},\"to\":\""
            + START
            + "\",\"prior\":\""
            + START
            + "\",\"cursor\":\"https://attacker.example/v1.0/auditLogs/signIns?$skiptoken=x\"}";

    assertThatThrownBy(() -> feed.fetch(elsewhere))
        .isInstanceOfSatisfying(
            VendorException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT))
        .hasMessageContaining("attacker.example");
    assertThat(graph.requestCount()).isZero();
  }

  private GraphSignInsFeed feed(String secret, int top) {
    ConnectorMetrics metrics = new ConnectorMetrics(new SimpleMeterRegistry(), "entra.signins");
    HttpPageClient http =
        new HttpPageClient(
            HttpPageClient.newClient(Duration.ofSeconds(5)),
            Duration.ofSeconds(10),
            10_000_000,
            metrics);
    OAuth2ClientCredentials oauth =
        new OAuth2ClientCredentials(
            http,
            URI.create(graph.baseUrl() + "/" + TENANT + "/oauth2/v2.0/token"),
            CLIENT_ID,
            Secret.of(secret),
            Optional.of(GraphSimulator.SCOPE),
            Duration.ofMinutes(5),
            Clock.systemUTC());
    return new GraphSignInsFeed(
        graph.baseUrl(),
        START.minusSeconds(60),
        top,
        new Window.Settings(OVERLAP, 20_000),
        http,
        new io.sluice.connectors.http.HintingAuthenticator(
            oauth, "Check entra.tenant, ENTRA_CLIENT_ID and ENTRA_CLIENT_SECRET"),
        Clock.systemUTC());
  }
}
