package io.sluice.connectors.crowdstrike;

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
import io.sluice.connectors.http.HintingAuthenticator;
import io.sluice.connectors.http.HttpPageClient;
import io.sluice.connectors.http.OAuth2ClientCredentials;
import io.sluice.connectors.http.Secret;
import io.sluice.connectors.window.Window;
import io.sluice.sandbox.simulators.CrowdStrikeSimulator;
import io.sluice.sandbox.simulators.FalconAlerts;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Paging and errors against the CrowdStrike simulator over HTTP (no broker). */
class CrowdStrikeAlertsFeedTest {
  private static final String CLIENT_ID = "c0ffee00c0ffee00c0ffee00c0ffee00";
  private static final String SECRET = "falcon-test-secret-0123456789";
  private static final Instant START = Instant.parse("2024-05-02T08:00:00Z");
  private static final Duration OVERLAP = Duration.ofMinutes(30);
  private static final Pattern UPDATED = Pattern.compile("\"updated_timestamp\":\"([^\"]+)\"");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<String> alerts = FalconAlerts.benign(3, 25, START, Duration.ofMinutes(3));
  private final CrowdStrikeSimulator falcon = CrowdStrikeSimulator.start(CLIENT_ID, SECRET, alerts);

  @AfterEach
  void stop() {
    falcon.close();
  }

  @Test
  void shouldFollowTheAfterTokenUntilItIsAbsentAndThenStartFromTheLastUpdatedTimestamp()
      throws Exception {
    CrowdStrikeAlertsFeed feed = feed(SECRET);
    List<Page> pages = drain(feed, feed.initialPosition());

    assertThat(pages).extracting(p -> p.records().size()).containsExactly(10, 10, 5);
    assertThat(pages).extracting(Page::caughtUp).containsExactly(false, false, true);
    List<RawRecord> all = pages.stream().flatMap(p -> p.records().stream()).toList();
    assertThat(all)
        .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
        .containsExactlyInAnyOrderElementsOf(alerts);
    assertThat(all.get(0).key()).startsWith(FalconAlerts.CID + ":ind:");

    JsonNode paging = position(pages.get(0).next());
    assertThat(paging.path("cursor").asText()).isNotBlank();
    assertThat(paging.path("from").asText())
        .as("the query stays while paging")
        .isEqualTo(START.minusSeconds(60).toString());
    JsonNode done = position(pages.get(2).next());
    Instant lastUpdated =
        Instant.parse(updated(new String(all.get(24).value(), StandardCharsets.UTF_8)));
    assertThat(done.has("cursor")).isFalse();
    assertThat(done.path("max").asText())
        .as("with Falcon's nanoseconds")
        .isEqualTo(lastUpdated.toString());
    assertThat(done.path("from").asText())
        .as("the next query re-reads the overlap")
        .isEqualTo(lastUpdated.minus(OVERLAP).toString());
  }

  @Test
  void shouldStopPagingOnAnEmptyPageEvenWhenItCarriesAnAfterToken() throws Exception {
    falcon.alwaysSendAfter(true);
    CrowdStrikeAlertsFeed feed = feed(SECRET);

    List<Page> pages = drain(feed, feed.initialPosition());

    assertThat(pages).extracting(p -> p.records().size()).containsExactly(10, 10, 5, 0);
    assertThat(pages.get(3).caughtUp()).isTrue();
  }

  @Test
  void shouldPickUpANewVersionOfAnAlertFromTheLastUpdatedTimestamp() throws Exception {
    CrowdStrikeAlertsFeed feed = feed(SECRET);
    List<Page> first = drain(feed, feed.initialPosition());
    String update =
        FalconAlerts.alert(
            new Random(5), FalconAlerts.ADWARE, 1, START, START.plus(Duration.ofDays(1)));
    falcon.append(List.of(update));

    List<Page> next = drain(feed, first.get(first.size() - 1).next());

    assertThat(next.stream().flatMap(p -> p.records().stream()))
        .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
        .as("only the new alert version; the ones in the overlap are skipped")
        .containsExactly(update);
  }

  @Test
  void shouldSkipTheSameVersionWhenTheOverlapServesItAgain() throws Exception {
    CrowdStrikeAlertsFeed feed = feed(SECRET);
    List<Page> first = drain(feed, feed.initialPosition());

    List<Page> again = drain(feed, first.get(first.size() - 1).next());

    assertThat(registry.get("sluice.connector.repeats.skipped").counter().count())
        .as("the overlap served the last half hour's alerts again")
        .isGreaterThanOrEqualTo(10);
    assertThat(again.stream().flatMap(p -> p.records().stream())).isEmpty();
  }

  @Test
  void shouldFailThePageWhenAnHttp200CarriesErrors() {
    falcon.errorsIn200(1, 403, "Access denied: insufficient scope for this action");
    CrowdStrikeAlertsFeed feed = feed(SECRET);

    assertThatThrownBy(() -> feed.fetch(feed.initialPosition()))
        .isInstanceOfSatisfying(
            VendorException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT))
        .hasMessageContaining("insufficient scope")
        .hasMessageContaining("Alerts: Read");
  }

  @Test
  void shouldGetOneFreshTokenWhenFalconSaysTheTokenExpired() throws Exception {
    CrowdStrikeAlertsFeed feed = feed(SECRET);
    feed.fetch(feed.initialPosition());
    falcon.expireTokens();

    Page page = feed.fetch(feed.initialPosition());

    assertThat(page.records()).hasSize(10);
    assertThat(falcon.tokensIssued()).isEqualTo(2);
  }

  @Test
  void shouldStopNamingTheCredentialVariablesWhenTheTokenEndpointRefusesTheClient() {
    CrowdStrikeAlertsFeed feed = feed("not-the-secret-xyz");

    assertThatThrownBy(() -> feed.fetch(feed.initialPosition()))
        .isInstanceOfSatisfying(
            VendorException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION))
        .hasMessageContaining("HTTP 403")
        .hasMessageContaining("Failed to issue access token")
        .hasMessageContaining("CROWDSTRIKE_CLIENT_SECRET")
        .hasMessageNotContaining("not-the-secret-xyz");
  }

  @Test
  void shouldRetryATruncatedPage() throws Exception {
    CrowdStrikeAlertsFeed feed = feed(SECRET);
    feed.fetch(feed.initialPosition());
    falcon.faults().truncateNextPages(1);

    assertThatThrownBy(() -> feed.fetch(feed.initialPosition()))
        .isInstanceOfSatisfying(
            VendorException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.RETRYABLE))
        .hasMessageContaining("malformed page");
  }

  private static String updated(String alert) {
    Matcher m = UPDATED.matcher(alert);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private CrowdStrikeAlertsFeed feed(String secret) {
    ConnectorMetrics metrics = new ConnectorMetrics(registry, "crowdstrike.alerts");
    HttpPageClient http =
        new HttpPageClient(
            HttpPageClient.newClient(Duration.ofSeconds(5)),
            Duration.ofSeconds(10),
            10_000_000,
            metrics);
    OAuth2ClientCredentials oauth =
        new OAuth2ClientCredentials(
            http,
            URI.create(falcon.baseUrl() + "/oauth2/token"),
            CLIENT_ID,
            Secret.of(secret),
            Optional.empty(),
            Duration.ofMinutes(1),
            Clock.systemUTC());
    return new CrowdStrikeAlertsFeed(
        falcon.baseUrl(),
        START.minusSeconds(60),
        new Window.Settings(OVERLAP, 20_000),
        10,
        http,
        new HintingAuthenticator(
            oauth, "Check CROWDSTRIKE_CLIENT_ID and CROWDSTRIKE_CLIENT_SECRET"),
        Clock.systemUTC());
  }
}
