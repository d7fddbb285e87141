package io.sluice.connectors.mimecast;

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
import io.sluice.sandbox.simulators.MimecastEvents;
import io.sluice.sandbox.simulators.MimecastSiemLines;
import io.sluice.sandbox.simulators.MimecastSimulator;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SIEM batch listing, pre-signed gzip NDJSON files and expired URLs, against the simulator. */
class MimecastSiemFeedTest {
  private static final Instant START = Instant.now().minus(2, ChronoUnit.HOURS);

  // receipt, process, delivery: 3 files of 4 lines each
  private final MimecastEvents.Scenario scenario = MimecastEvents.scenario(5, START, 2, 3, 4);
  private final MimecastSimulator sim =
      MimecastSimulator.start(
          MimecastTestSupport.CLIENT_ID, MimecastTestSupport.CLIENT_SECRET, scenario);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final HttpPageClient http = MimecastTestSupport.http(registry, MimecastSiemFeed.SOURCE);

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void shouldPublishEveryLineOfEveryFileOncePerTypeWithoutSendingTheTokenToTheFiles()
      throws Exception {
    MimecastSiemFeed feed = feed(List.of("receipt", "process", "delivery"), 2);

    List<Page> pages = drain(feed, feed.initialPosition());

    List<String> expected =
        Stream.of("receipt", "process", "delivery")
            .flatMap(t -> scenario.siemLines(t).stream())
            .toList();
    assertThat(values(pages)).hasSize(36).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(pages.stream().filter(p -> !p.records().isEmpty()))
        .as("one page (one transaction) per file")
        .hasSize(9)
        .allSatisfy(p -> assertThat(p.records()).hasSize(4));
    assertThat(sim.fileRequestsWithAuthorization()).isZero();
    assertThat(pages.get(pages.size() - 1).caughtUp()).isTrue();
    RawRecord line = pages.get(0).records().get(0);
    assertThat(line.key()).isEqualTo(RecordKeys.hash(line.value()));
    assertThat(line.eventTime()).isEqualTo(START.truncatedTo(ChronoUnit.MILLIS));
  }

  @Test
  void shouldSkipAnExpiredFileSayingSoAndGoOn() throws Exception {
    sim.expireFile("receipt", 1);
    MimecastSiemFeed feed = feed(List.of("receipt"), 10);

    List<Page> pages = drain(feed, feed.initialPosition());

    List<String> lines = scenario.siemLines("receipt");
    List<String> expected = new ArrayList<>(lines.subList(0, 4));
    expected.addAll(lines.subList(8, 12));
    assertThat(values(pages)).containsExactlyElementsOf(expected);
    assertThat(
            registry
                .get("sluice.connector.errors")
                .tag("kind", MimecastSiemFeed.FILE_EXPIRED)
                .counter()
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void shouldRetryAFileThatKeepsAnswering403OnFreshUrlsAndSkipItOnlyAfterFiveAttempts()
      throws Exception {
    sim.expireFile("receipt", 0).expiredFileStatus(403);
    MimecastSiemFeed feed = feed(List.of("receipt"), 10);

    List<Page> pages = drainRetrying(feed, feed.initialPosition());

    assertThat(values(pages)).hasSize(8);
    assertThat(retries).as("a 403 on a fresh URL is retried, not skipped at once").isEqualTo(4);
    assertThat(registry.get("sluice.connector.siem.relists").counter().count()).isEqualTo(5);
  }

  @Test
  void shouldPublishAFileWhoseFirstUrlMetATransient403AfterListingItAgain() throws Exception {
    sim.siem().transient403Every(2); // the first file's download is fine, the second's is not
    MimecastSiemFeed feed = feed(List.of("receipt"), 10);

    List<Page> pages = drain(feed, feed.initialPosition());

    assertThat(sim.siem().transient403s()).isPositive();
    assertThat(values(pages)).containsExactlyElementsOf(scenario.siemLines("receipt"));
    assertThat(registry.find("sluice.connector.errors").tag("kind", "file_expired").counter())
        .isNull();
  }

  @Test
  void shouldNotSkipAFileWhenRetentionDropsEarlierOnesFromTheListing() throws Exception {
    MimecastSiemFeed feed = feed(List.of("receipt"), 10);
    Page first = feed.fetch(feed.initialPosition()); // file 0 published
    sim.siem().dropOldest("receipt", 1); // file 0 leaves the listing: the rest move up

    List<Page> rest = drain(feed(List.of("receipt"), 10), first.next());

    List<String> lines = scenario.siemLines("receipt");
    assertThat(values(List.of(first))).containsExactlyElementsOf(lines.subList(0, 4));
    assertThat(values(rest))
        .as("files are named by their key, not their index in the listing")
        .containsExactlyElementsOf(lines.subList(4, 12));
  }

  @Test
  void shouldResumeFromTheCheckpointAndPickUpANewFileLater() throws Exception {
    MimecastSiemFeed feed = feed(List.of("receipt"), 2);
    List<Page> pages = drain(feed, feed.initialPosition());
    String caughtUp = pages.get(pages.size() - 1).next();
    List<String> more =
        List.of(
            MimecastSiemLines.siemLine(
                "receipt", Instant.now(), "agg-new", "a@x.example", "b@corp.example"));
    sim.appendSiemFile("receipt", more);

    List<Page> after = drain(feed(List.of("receipt"), 2), caughtUp);

    assertThat(values(after)).containsExactlyElementsOf(more);
  }

  @Test
  void shouldStartTheListingAtTheBackfillDate() throws Exception {
    MimecastSiemFeed feed = feed(List.of("receipt"), 2);

    assertThat(SiemPosition.fromJson(feed.initialPosition()).start())
        .isEqualTo(START.minusSeconds(60).atZone(ZoneOffset.UTC).toLocalDate());
  }

  @Test
  void shouldRetryATruncatedFileWithoutMovingTheCheckpoint() throws Exception {
    MimecastSiemFeed feed = feed(List.of("receipt"), 10);
    String start = feed.initialPosition();
    feed.fetch(start); // token + listing + first file
    sim.faults().truncateNextPages(2); // the listing, then the file

    assertThatThrownBy(() -> feed.fetch(start))
        .isInstanceOfSatisfying(
            VendorException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.RETRYABLE));
  }

  private MimecastSiemFeed feed(List<String> types, int pageSize) {
    return new MimecastSiemFeed(
        sim.baseUrl(),
        types,
        LocalDate.ofInstant(START.minusSeconds(60), ZoneOffset.UTC),
        pageSize,
        64L * 1024 * 1024,
        http,
        MimecastTestSupport.auth(http, sim, MimecastTestSupport.CLIENT_SECRET),
        Clock.systemUTC());
  }

  private static List<Page> drain(MimecastSiemFeed feed, String position) throws Exception {
    return FeedPages.drain(feed, position, 200);
  }

  private int retries;

  /** {@link #drain}, fetching a page again after a retryable error, as the poll loop does. */
  private List<Page> drainRetrying(MimecastSiemFeed feed, String position) throws Exception {
    List<Page> pages = new ArrayList<>();
    Page page = null;
    while (page == null || !page.caughtUp()) {
      try {
        page = feed.fetch(position);
      } catch (VendorException e) {
        assertThat(e.kind()).isEqualTo(ErrorKind.RETRYABLE);
        retries++;
        continue;
      }
      pages.add(page);
      position = page.next();
    }
    return pages;
  }
}
