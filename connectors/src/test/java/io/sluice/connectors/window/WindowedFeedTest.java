package io.sluice.connectors.window;

import static io.sluice.connectors.testing.FeedPages.position;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.connectors.core.ConnectorMetrics;
import io.sluice.connectors.core.ErrorKind;
import io.sluice.connectors.core.Page;
import io.sluice.connectors.core.RawRecord;
import io.sluice.connectors.core.VendorException;
import io.sluice.connectors.testing.FeedPages;
import io.sluice.sandbox.simulators.SimClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The overlap, dedup and cursor rules every time-windowed feed shares, against a vendor scripted in
 * memory (what it holds, in which order it pages, when its cursors expire).
 */
class WindowedFeedTest {
  private static final Instant SINCE = Instant.parse("2024-11-14T10:00:00Z");
  private static final Duration OVERLAP = Duration.ofMinutes(15);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ScriptedVendor vendor = new ScriptedVendor();
  private final SimClock clock = SimClock.at(Instant.parse("2024-11-14T10:20:00Z"));

  @Test
  void shouldFetchARecordThatBecomesVisibleLateWithAnOlderTimeOnceAndNeverTwice() throws Exception {
    vendor.add("a", "10:05:00").add("b", "10:10:00");
    WindowedFeed feed = feed(100, 20_000);
    Page first = feed.fetch(feed.initialPosition());
    assertThat(ids(first)).containsExactly("a", "b");

    vendor.add("late", "10:02:00"); // older than b, visible only now
    clock.advance(Duration.ofSeconds(30));
    Page second = feed.fetch(first.next());
    clock.advance(Duration.ofSeconds(30));
    Page third = feed.fetch(second.next());
    Page afterRestart = feed(100, 20_000).fetch(third.next());

    assertThat(ids(second)).as("found through the overlap").containsExactly("late");
    assertThat(ids(third)).as("never twice").isEmpty();
    assertThat(ids(afterRestart))
        .as("nor after a restart: the keys are in the checkpoint")
        .isEmpty();
    assertThat(counter("sluice.connector.late.records")).isEqualTo(1);
    assertThat(counter("sluice.connector.repeats.skipped")).isEqualTo(2 + 3 + 3);
  }

  @Test
  void shouldLoseARecordThatBecomesVisibleLaterThanTheOverlapReaches() throws Exception {
    vendor.add("a", "10:05:00").add("b", "10:30:00");
    clock.advanceTo(Instant.parse("2024-11-14T10:31:00Z"));
    WindowedFeed feed = feed(100, 20_000);
    Page first = feed.fetch(feed.initialPosition());

    vendor.add("too-late", "10:14:00"); // 16 minutes before the newest published, overlap is 15
    Page second = feed.fetch(first.next());

    assertThat(ids(first)).containsExactly("a", "b");
    assertThat(ids(second)).isEmpty();
    assertThat(position(first.next()).path("from").asText()).isEqualTo("2024-11-14T10:15:00Z");
  }

  @Test
  void shouldRestartTheWindowFromItsStartWhenTheVendorRejectsAnExpiredCursor() throws Exception {
    vendor.addMinutely("r", 7);
    WindowedFeed feed = feed(3, 20_000);
    Page first = feed.fetch(feed.initialPosition());
    vendor.expireCursors();

    Page restarted = feed.fetch(first.next());
    List<Page> rest = FeedPages.drain(feed, restarted.next());

    assertThat(ids(first)).containsExactly("r0", "r1", "r2");
    assertThat(restarted.records()).isEmpty();
    assertThat(restarted.caughtUp()).isFalse();
    assertThat(position(restarted.next()).has("cursor")).isFalse();
    assertThat(position(restarted.next()).path("restarts").asInt()).isEqualTo(1);
    List<String> all = new ArrayList<>(ids(first));
    rest.forEach(p -> all.addAll(ids(p)));
    assertThat(all).containsExactly("r0", "r1", "r2", "r3", "r4", "r5", "r6");
    assertThat(counter("sluice.connector.cursor.restarts")).isEqualTo(1);
    assertThat(vendor.requestsWithoutCursor)
        .as("the window was asked again from its start")
        .isEqualTo(2);
  }

  @Test
  void shouldGoOnFromTheNewestTimePublishedWhenAnOldestFirstVendorRejectsTheCursor()
      throws Exception {
    vendor.addMinutely("r", 7);
    WindowedFeed feed = feed(3, 20_000, Window.Order.ASCENDING);
    Page first = feed.fetch(feed.initialPosition());
    vendor.expireCursors();

    Page restarted = feed.fetch(first.next());
    List<Page> rest = FeedPages.drain(feed, restarted.next());

    assertThat(position(restarted.next()).path("from").asText())
        .as("r0..r2 need not be paged again")
        .isEqualTo(SINCE.plusSeconds(120).toString());
    List<String> all = new ArrayList<>(ids(first));
    rest.forEach(p -> all.addAll(ids(p)));
    assertThat(all).containsExactly("r0", "r1", "r2", "r3", "r4", "r5", "r6");
    assertThat(counter("sluice.connector.repeats.skipped"))
        .as("only r2, at the boundary, was served twice")
        .isEqualTo(1);
  }

  @Test
  void shouldStillReachBackThroughTheOverlapAfterARestartMovedTheQueryOn() throws Exception {
    vendor.addMinutely("r", 7);
    WindowedFeed feed = feed(3, 20_000, Window.Order.ASCENDING);
    Page first = feed.fetch(feed.initialPosition());
    vendor.expireCursors();
    Page restarted = feed.fetch(first.next()); // the query now starts at r2's time
    vendor.add("late", SINCE.plusSeconds(30)); // turns up behind that point meanwhile

    List<Page> rest = FeedPages.drain(feed, restarted.next());
    Page nextWindow = feed.fetch(rest.get(rest.size() - 1).next());

    assertThat(ids(nextWindow)).as("the next window's overlap finds it").containsExactly("late");
  }

  @Test
  void shouldStopWhenTheVendorRejectsEveryCursorWithoutProgress() throws Exception {
    vendor.addMinutely("r", 7);
    WindowedFeed feed = feed(3, 20_000);
    String position = feed.fetch(feed.initialPosition()).next();
    vendor.rejectEveryCursor();

    for (int restart = 1; restart <= 3; restart++) {
      position = feed.fetch(feed.fetch(position).next()).next(); // rejected, then page 1 again
    }
    String last = position;

    assertThatThrownBy(() -> feed.fetch(last))
        .isInstanceOfSatisfying(
            VendorException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT))
        .hasMessageContaining("rejected the paging cursor 4 times in a row");
  }

  @Test
  void shouldNotLetARecordStampedInTheFutureMoveTheNextWindowPastRecordsStillToCome()
      throws Exception {
    vendor.add("a", "10:05:00").add("future", "23:00:00");
    WindowedFeed feed = feed(100, 20_000);
    Page first = feed.fetch(feed.initialPosition());

    vendor.add("b", "10:19:00");
    Page second = feed.fetch(first.next());

    assertThat(ids(first)).containsExactly("a", "future");
    assertThat(position(first.next()).path("max").asText()).isEqualTo("2024-11-14T10:20:00Z");
    assertThat(ids(second)).containsExactly("b");
  }

  @Test
  void shouldForgetTheOldestKeysBeyondTheCapAndCountThem() throws Exception {
    vendor.addMinutely("r", 5);
    WindowedFeed feed = feed(100, 3);
    Page first = feed.fetch(feed.initialPosition());
    Page second = feed.fetch(first.next());

    assertThat(ids(first)).hasSize(5);
    assertThat(ids(second))
        .as("the two forgotten keys are published once more: a duplicate, never a loss")
        .containsExactly("r0", "r1");
    assertThat(counter("sluice.connector.dedup.evicted")).isGreaterThanOrEqualTo(2);
  }

  @Test
  void shouldKeepTheCheckpointSmallEnoughForOneKafkaRecordAtTheDefaultCap() throws Exception {
    for (int i = 0; i < 20_000; i++) {
      vendor.add("signin-" + i, Instant.parse("2024-11-14T10:05:00Z").plusMillis(i * 40L));
    }
    WindowedFeed feed = feed(100_000, 20_000);

    String position = feed.fetch(feed.initialPosition()).next();

    assertThat(position.getBytes(StandardCharsets.UTF_8).length)
        .as("under the producer's default max.request.size of 1 MiB")
        .isLessThan(400_000);
  }

  private WindowedFeed feed(int pageSize, int maxKeys) {
    return feed(pageSize, maxKeys, Window.Order.UNKNOWN);
  }

  private WindowedFeed feed(int pageSize, int maxKeys, Window.Order order) {
    return new WindowedFeed(
        new Window.Settings(OVERLAP, maxKeys),
        SINCE,
        clock,
        new ConnectorMetrics(registry, "test.feed")) {
      @Override
      public String source() {
        return "test.feed";
      }

      @Override
      public String topic() {
        return "raw.test";
      }

      @Override
      protected Window.Order order() {
        return order;
      }

      @Override
      protected Window.Page query(Window window) throws VendorException {
        return vendor.page(window, pageSize);
      }
    };
  }

  private static List<String> ids(Page page) {
    return page.records().stream().map(RawRecord::key).toList();
  }

  private double counter(String name) {
    var counter = registry.find(name).counter();
    return counter == null ? 0 : counter.count();
  }

  /** A vendor that answers {@code time >= from} oldest first, paged by offset cursors. */
  private static final class ScriptedVendor {
    private final List<RawRecord> records = new ArrayList<>();
    private int generation;
    private boolean rejectAll;
    int requestsWithoutCursor;

    ScriptedVendor add(String id, String time) {
      return add(id, Instant.parse("2024-11-14T" + time + "Z"));
    }

    /** {@code count} records {@code prefix0…} at 10:00, 10:01, … */
    ScriptedVendor addMinutely(String prefix, int count) {
      for (int i = 0; i < count; i++) {
        add(prefix + i, SINCE.plusSeconds(60L * i));
      }
      return this;
    }

    ScriptedVendor add(String id, Instant time) {
      records.add(
          new RawRecord(id, ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8), time));
      return this;
    }

    void expireCursors() {
      generation++;
    }

    void rejectEveryCursor() {
      rejectAll = true;
    }

    Window.Page page(Window window, int pageSize) throws VendorException {
      int offset = 0;
      if (window.cursor() == null) {
        requestsWithoutCursor++;
      } else {
        String[] parts = window.cursor().split(":");
        if (rejectAll || Integer.parseInt(parts[0]) != generation) {
          throw new VendorException(ErrorKind.PERMANENT, "400", "expired", "the cursor expired");
        }
        offset = Integer.parseInt(parts[1]);
      }
      List<RawRecord> matching =
          records.stream()
              .filter(r -> !r.eventTime().isBefore(window.from()))
              .sorted(Comparator.comparing(RawRecord::eventTime))
              .toList();
      int end = Math.min(offset + pageSize, matching.size());
      List<Window.Item> items = new ArrayList<>();
      for (RawRecord r : matching.subList(Math.min(offset, end), end)) {
        items.add(new Window.Item(r, r.key()));
      }
      return new Window.Page(items, end < matching.size() ? generation + ":" + end : null);
    }
  }
}
