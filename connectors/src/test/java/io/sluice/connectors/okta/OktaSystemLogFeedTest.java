package io.sluice.connectors.okta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.connectors.core.ConnectorMetrics;
import io.sluice.connectors.core.ErrorKind;
import io.sluice.connectors.core.Page;
import io.sluice.connectors.core.RawRecord;
import io.sluice.connectors.core.VendorException;
import io.sluice.connectors.http.HttpPageClient;
import io.sluice.connectors.http.Secret;
import io.sluice.connectors.http.SswsAuthenticator;
import io.sluice.sandbox.simulators.OktaEvents;
import io.sluice.sandbox.simulators.OktaSimulator;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Paging against the Okta simulator over real HTTP (no broker). */
class OktaSystemLogFeedTest {
  private static final String TOKEN = "00okta-test-token";
  private static final Instant START = Instant.parse("2024-05-02T08:00:00Z");

  private final List<String> events = OktaEvents.benignLogins(7, 25, START, Duration.ofSeconds(30));
  private final OktaSimulator okta = OktaSimulator.start(TOKEN, events);

  @AfterEach
  void stop() {
    okta.close();
  }

  @Test
  void shouldStartWithSinceThenFollowNextLinksUntilAnEmptyPageSaysCaughtUp() throws Exception {
    OktaSystemLogFeed feed = feed(TOKEN, 10);
    List<RawRecord> all = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();

    String position = feed.initialPosition();
    Page page;
    do {
      page = feed.fetch(position);
      sizes.add(page.records().size());
      all.addAll(page.records());
      position = page.next();
    } while (!page.caughtUp());

    assertThat(feed.initialPosition()).contains("/api/v1/logs?since=").doesNotContain("until");
    assertThat(sizes).containsExactly(10, 10, 5, 0);
    assertThat(all)
        .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
        .containsExactlyElementsOf(events);
    assertThat(all.get(0).key()).matches("[0-9a-f-]{36}");
    assertThat(all.get(0).eventTime()).isEqualTo(START);
  }

  @Test
  void shouldKeepTheSameNextLinkWhileCaughtUpAndPickUpNewEventsFromIt() throws Exception {
    OktaSystemLogFeed feed = feed(TOKEN, 100);
    Page first = feed.fetch(feed.initialPosition());
    Page empty = feed.fetch(first.next());
    Page stillEmpty = feed.fetch(empty.next());

    okta.append(OktaEvents.benignLogins(8, 3, START.plusSeconds(3600), Duration.ofSeconds(1)));
    Page fresh = feed.fetch(stillEmpty.next());

    assertThat(first.records()).hasSize(25);
    assertThat(empty.caughtUp()).isTrue();
    assertThat(empty.next()).as("a polling request always has a next link").isNotBlank();
    assertThat(stillEmpty.next()).isEqualTo(empty.next());
    assertThat(fresh.records()).hasSize(3);
    assertThat(fresh.caughtUp()).isFalse();
  }

  @Test
  void shouldRetryATruncatedPageWithoutMovingOn() throws Exception {
    OktaSystemLogFeed feed = feed(TOKEN, 10);
    okta.faults().truncateNextPages(1);

    assertThatThrownBy(() -> feed.fetch(feed.initialPosition()))
        .isInstanceOfSatisfying(
            VendorException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.RETRYABLE))
        .hasMessageContaining("malformed page");
    assertThat(feed.fetch(feed.initialPosition()).records()).hasSize(10);
  }

  @Test
  void shouldReportABadTokenAsAnAuthenticationError() {
    OktaSystemLogFeed feed = feed("wrong-token", 10);

    assertThatThrownBy(() -> feed.fetch(feed.initialPosition()))
        .isInstanceOfSatisfying(
            VendorException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
              assertThat(e.vendorCode()).contains("E0000011");
            });
  }

  @Test
  void shouldRefuseToSendTheTokenToAnotherHost() {
    OktaSystemLogFeed feed = feed(TOKEN, 10);

    assertThatThrownBy(() -> feed.fetch("https://evil.example/api/v1/logs?after=x"))
        .isInstanceOfSatisfying(
            VendorException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT))
        .hasMessageContaining("not on base.url");
    assertThat(okta.requestCount()).isZero();
  }

  private OktaSystemLogFeed feed(String token, int limit) {
    HttpPageClient http =
        new HttpPageClient(
            HttpPageClient.newClient(Duration.ofSeconds(2)),
            Duration.ofSeconds(5),
            1 << 20,
            new ConnectorMetrics(new SimpleMeterRegistry(), OktaSystemLogFeed.SOURCE));
    return new OktaSystemLogFeed(
        okta.baseUrl(),
        START.minusSeconds(1),
        limit,
        http,
        new SswsAuthenticator(Secret.of(token)),
        Clock.systemUTC());
  }
}
