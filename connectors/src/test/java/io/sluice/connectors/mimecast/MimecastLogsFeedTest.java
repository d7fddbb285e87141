package io.sluice.connectors.mimecast;

import static io.sluice.connectors.testing.FeedPages.position;
import static io.sluice.connectors.testing.FeedPages.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.connectors.core.ErrorKind;
import io.sluice.connectors.core.Page;
import io.sluice.connectors.core.RawRecord;
import io.sluice.connectors.core.VendorException;
import io.sluice.connectors.http.HttpPageClient;
import io.sluice.connectors.testing.FeedPages;
import io.sluice.connectors.window.Window;
import io.sluice.sandbox.simulators.MimecastEvents;
import io.sluice.sandbox.simulators.MimecastSimulator;
import io.sluice.sandbox.simulators.MimecastSimulator.FailShape;
import io.sluice.sandbox.simulators.MimecastUrlClicks;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Paging, termination, checkpoints and errors against the Mimecast simulator (no broker). */
class MimecastLogsFeedTest {
  private static final Instant START = Instant.now().minus(3, ChronoUnit.HOURS);
  private static final Window.Settings WINDOW = new Window.Settings(Duration.ofMinutes(30), 20_000);

  // 10 benign + 3 repeat malicious + 2 same-second + 1 click-then-login = 16 clicks
  private final MimecastEvents.Scenario scenario = MimecastEvents.scenario(11, START, 10, 1, 1);
  private final MimecastSimulator sim =
      MimecastSimulator.start(
          MimecastTestSupport.CLIENT_ID, MimecastTestSupport.CLIENT_SECRET, scenario);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final HttpPageClient http = MimecastTestSupport.http(registry, "mimecast.ttp-url");

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void shouldStopAtAnEmptyPageEvenThoughItCarriesAToken() throws Exception {
    MimecastLogsFeed feed = feed(MimecastLog.TTP_URL, 4);

    List<Page> pages = drain(feed, feed.initialPosition());

    // 16 clicks in full pages of 4: the 5th page is Elastic's mock, "next":"String", data []
    assertThat(pages).extracting(p -> p.records().size()).containsExactly(4, 4, 4, 4, 0);
    assertThat(pages).extracting(Page::caughtUp).containsExactly(false, false, false, false, true);
    assertThat(values(pages))
        .containsExactlyInAnyOrderElementsOf(scenario.logs(MimecastEvents.TTP_URL));
    assertThat(position(pages.get(4).next()).has("cursor")).isFalse();
  }

  @Test
  void shouldStopAtAPageWithoutNext() throws Exception {
    MimecastLogsFeed feed = feed(MimecastLog.TTP_URL, 5);

    List<Page> pages = drain(feed, feed.initialPosition());

    assertThat(pages).extracting(p -> p.records().size()).containsExactly(5, 5, 5, 1);
    assertThat(pages.get(3).caughtUp()).isTrue();
  }

  @Test
  void shouldStopWhenDataIsEmptyAlthoughNextIsPresentInAHandWrittenEnvelope() throws Exception {
    MimecastEnvelope envelope =
        MimecastEnvelope.parse(
            ("{\"meta\":{\"status\":200,\"pagination\":{\"pageSize\":2,\"next\":\"String\"}},"
                    + "\"data\":[],\"fail\":[]}")
                .getBytes(StandardCharsets.UTF_8),
            "clickLogs",
            Set.of("date"));

    assertThat(envelope.next()).isEqualTo("String");
    assertThat(envelope.records()).isEmpty();
  }

  @Test
  void shouldKeyRecordsByIdOrByTheHashOfTheirBytesAndReadTheirTime() throws Exception {
    Page impersonation =
        feed(MimecastLog.TTP_IMPERSONATION, 100)
            .fetch(feed(MimecastLog.TTP_IMPERSONATION, 100).initialPosition());
    Page click =
        feed(MimecastLog.TTP_URL, 100).fetch(feed(MimecastLog.TTP_URL, 100).initialPosition());

    RawRecord first = impersonation.records().get(0);
    assertThat(first.key()).startsWith("MTOKEN:");
    assertThat(new String(first.value(), StandardCharsets.UTF_8)).contains(first.key());
    RawRecord someClick = click.records().get(0);
    assertThat(someClick.key())
        .isEqualTo(RecordKeys.hash(someClick.value()))
        .matches("sha256:[0-9a-f]{64}");
    assertThat(someClick.eventTime()).isNotNull().isBefore(Instant.now());
  }

  @Test
  void shouldResumeMidWindowFromThePageTokenInTheCheckpoint() throws Exception {
    MimecastLogsFeed feed = feed(MimecastLog.TTP_URL, 4);
    Page first = feed.fetch(feed.initialPosition());

    // a new instance (after a restart) continues from the stored position
    List<Page> rest = drain(feed(MimecastLog.TTP_URL, 4), first.next());

    List<String> all = new ArrayList<>(values(List.of(first)));
    all.addAll(values(rest));
    assertThat(all)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(scenario.logs(MimecastEvents.TTP_URL));
  }

  @Test
  void shouldPublishARecordThatTurnsUpLateWithAnOlderTimeOnceAndNotRepeatTheOthers()
      throws Exception {
    MimecastLogsFeed feed = feed(MimecastLog.TTP_URL, 100);
    List<Page> window = drain(feed, feed.initialPosition());
    Instant newest =
        Instant.parse(position(window.get(window.size() - 1).next()).path("max").asText());
    String late =
        MimecastUrlClicks.click(
            "hans@corp.example",
            "news@partner.example",
            "https://late.example/",
            "clean",
            "allow",
            newest.minusSeconds(120),
            "<late@mx.example>");
    sim.append(MimecastEvents.TTP_URL, List.of(late));

    Page next = feed.fetch(window.get(window.size() - 1).next());
    Page after = feed.fetch(next.next());

    assertThat(values(List.of(next))).containsExactly(late);
    assertThat(next.caughtUp()).isTrue();
    assertThat(after.records()).as("and never again").isEmpty();
    assertThat(registry.get("sluice.connector.late.records").counter().count()).isEqualTo(1);
  }

  @Test
  void shouldNotMoveWhenNothingIsNew() throws Exception {
    MimecastLogsFeed feed = feed(MimecastLog.TTP_URL, 100);
    List<Page> window = drain(feed, feed.initialPosition());
    String caughtUp = window.get(window.size() - 1).next();

    Page again = feed.fetch(caughtUp);

    assertThat(again.records()).isEmpty();
    assertThat(again.next()).isEqualTo(caughtUp);
    assertThat(again.caughtUp()).isTrue();
  }

  @Test
  void shouldRefreshAnExpiredTokenOnceAndGoOn() throws Exception {
    MimecastLogsFeed feed = feed(MimecastLog.TTP_URL, 100);
    feed.fetch(feed.initialPosition());
    sim.expireTokens();

    Page page = feed.fetch(feed.initialPosition());

    assertThat(page.records()).hasSize(16);
    assertThat(sim.tokensIssued()).isEqualTo(2);
  }

  @Test
  void shouldReuseTheCachedTokenWhileItIsValid() throws Exception {
    MimecastLogsFeed feed = feed(MimecastLog.TTP_URL, 4);

    drain(feed, feed.initialPosition());

    assertThat(sim.tokensIssued()).isEqualTo(1);
  }

  @Test
  void shouldReportRejectedCredentialsWithTheVariablesToCheckAndWithoutTheSecret() {
    String wrong = "wrong-secret-value-123456";
    MimecastLogsFeed feed =
        new MimecastLogsFeed(
            MimecastLog.TTP_URL,
            sim.baseUrl(),
            START,
            WINDOW,
            100,
            http,
            MimecastTestSupport.auth(http, sim, wrong),
            Clock.systemUTC());

    assertThatThrownBy(() -> feed.fetch(feed.initialPosition()))
        .isInstanceOfSatisfying(
            VendorException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION))
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("MIMECAST_CLIENT_ID")
        .hasMessageNotContaining(wrong);
  }

  @Test
  void shouldClassifyFailInA200InBothShapesAndPublishNothing() throws Exception {
    MimecastLogsFeed feed = feed(MimecastLog.TTP_URL, 100);
    sim.failNext(1, FailShape.NESTED, true);
    assertThatThrownBy(() -> feed.fetch(feed.initialPosition()))
        .isInstanceOfSatisfying(
            VendorException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.RETRYABLE));

    sim.failNext(1, FailShape.FLAT, null);
    assertThatThrownBy(() -> feed.fetch(feed.initialPosition()))
        .isInstanceOfSatisfying(
            VendorException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.UNKNOWN);
              assertThat(e.vendorCode()).contains("err_simulated_backend");
            });

    sim.failNext(1, FailShape.NESTED, false);
    assertThatThrownBy(() -> feed.fetch(feed.initialPosition()))
        .isInstanceOfSatisfying(
            VendorException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT));

    assertThat(feed.fetch(feed.initialPosition()).records()).hasSize(16);
  }

  @Test
  void shouldRetryATruncatedPage() {
    MimecastLogsFeed feed = feed(MimecastLog.TTP_URL, 100);
    feedToken(feed);
    sim.faults().truncateNextPages(1);

    assertThatThrownBy(() -> feed.fetch(feed.initialPosition()))
        .isInstanceOfSatisfying(
            VendorException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.RETRYABLE))
        .hasMessageContaining("malformed page");
  }

  @Test
  void shouldReadTheFlatAuditArray() throws Exception {
    MimecastLogsFeed feed = feed(MimecastLog.AUDIT, 3);

    List<Page> pages = drain(feed, feed.initialPosition());

    assertThat(values(pages))
        .containsExactlyInAnyOrderElementsOf(scenario.logs(MimecastEvents.AUDIT));
    assertThat(pages.get(0).records().get(0).key()).startsWith("eNqrVi");
  }

  private void feedToken(MimecastLogsFeed feed) {
    try {
      feed.fetch(feed.initialPosition()); // fetches the token, so the truncation hits the page
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private MimecastLogsFeed feed(MimecastLog log, int pageSize) {
    return new MimecastLogsFeed(
        log,
        sim.baseUrl(),
        START.minusSeconds(60),
        WINDOW,
        pageSize,
        http,
        MimecastTestSupport.auth(http, sim, MimecastTestSupport.CLIENT_SECRET),
        Clock.systemUTC());
  }

  private static List<Page> drain(MimecastLogsFeed feed, String position) throws Exception {
    return FeedPages.drain(feed, position, 100);
  }
}
