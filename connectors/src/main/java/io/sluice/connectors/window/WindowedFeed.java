package io.sluice.connectors.window;

import io.sluice.connectors.core.ConnectorMetrics;
import io.sluice.connectors.core.ErrorKind;
import io.sluice.connectors.core.Feed;
import io.sluice.connectors.core.Page;
import io.sluice.connectors.core.RawRecord;
import io.sluice.connectors.core.VendorException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A feed read as a series of time-window queries ({@code time >= from}, paged with the vendor's
 * cursor): Mimecast's log endpoints, Graph sign-ins, CrowdStrike alerts. What each vendor asks and
 * reads is {@link #query}; what they share is here:
 *
 * <ul>
 *   <li><b>Overlap.</b> A record can become visible after records with a later time (the vendor
 *       indexes it late), so each new query starts {@code overlap} before the newest time already
 *       published instead of at it.
 *   <li><b>Dedup.</b> What the overlap (or a page boundary) serves again is skipped by the record's
 *       identity: short hashes of everything published in the overlap window travel in the
 *       checkpoint ({@link SeenKeys}), committed in the same transaction as the records, so a
 *       restart skips them too. A record is published at most once while its key is kept; only when
 *       more than {@code maxKeys} are kept are the oldest dropped (counted), and one of those
 *       served again would be published again — never lost.
 *   <li><b>Expired cursors.</b> A cursor the vendor rejects (400, 404 or 410 on a request that
 *       carried one) asks for the window again without it — from its stored {@code from}, or, where
 *       the vendor documents its order ({@link #order}), from the point already reached — and the
 *       dedup set skips what was published already, so nothing is skipped and nothing repeated.
 *       Counted; three restarts in a row that get the window no further stop the connector.
 *   <li><b>Clock.</b> The newest time used for the next window is capped at our clock when the
 *       window started, so one record stamped in the future cannot move the window past records
 *       still to come.
 * </ul>
 *
 * <p>Records whose time is older than {@code from} when they become visible are not found: the
 * overlap must cover the vendor's visibility delay. {@code sluice_connector_late_records_total}
 * counts the records that the overlap did find.
 */
public abstract class WindowedFeed implements Feed {
  private static final Logger log = LoggerFactory.getLogger(WindowedFeed.class);
  static final int MAX_RESTARTS_WITHOUT_PROGRESS = 3;

  private final Window.Settings settings;
  private final Instant since;
  private final Clock clock;
  private final ConnectorMetrics metrics;

  protected WindowedFeed(
      Window.Settings settings, Instant since, Clock clock, ConnectorMetrics metrics) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.since = since;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** One request: the page of {@code window} at its cursor (null: its first page). */
  protected abstract Window.Page query(Window window) throws VendorException, InterruptedException;

  /** The order the vendor pages a window in; decides where an expired cursor resumes. */
  protected Window.Order order() {
    return Window.Order.UNKNOWN;
  }

  /** True when {@code e}, answering a request with a cursor, means the cursor has expired. */
  protected boolean cursorRejected(VendorException e) {
    return e.kind() == ErrorKind.PERMANENT
        && ("400".equals(e.status()) || "404".equals(e.status()) || "410".equals(e.status()));
  }

  @Override
  public String initialPosition() {
    return WindowPosition.start(since).toJson();
  }

  @Override
  public final Page fetch(String text) throws VendorException, InterruptedException {
    WindowPosition at = parse(text);
    Window window =
        at.inWindow()
            ? new Window(at.from, at.to, at.cursor)
            : new Window(at.from, clock.instant(), null);
    Instant prior = at.inWindow() ? at.prior : at.max;
    Window.Page page;
    try {
      page = query(window);
    } catch (VendorException e) {
      if (window.cursor() == null || !cursorRejected(e)) {
        throw e;
      }
      return restart(at, window, prior, e);
    }
    SeenKeys seen = at.seen;
    Set<String> lastPage = at.page;
    Set<String> thisPage = new LinkedHashSet<>();
    List<RawRecord> fresh = new ArrayList<>();
    Instant max = at.max;
    Instant lo = at.lo;
    Instant hi = at.hi;
    int late = 0;
    int repeated = 0;
    for (Window.Item item : page.items()) {
      Instant seenAt = item.record().eventTime();
      if (seenAt != null) {
        // how far this window has got, repeats included: where an expired cursor resumes
        lo = lo == null || seenAt.isBefore(lo) ? seenAt : lo;
        hi = hi == null || seenAt.isAfter(hi) ? seenAt : hi;
      }
      String hash = SeenKeys.hash(item.identity());
      thisPage.add(hash);
      if (seen.contains(hash) || lastPage.contains(hash)) {
        repeated++;
        continue;
      }
      RawRecord record = item.record();
      fresh.add(record);
      Instant time = record.eventTime();
      seen.add(hash, time == null ? window.to() : time);
      if (time != null) {
        if (!time.isAfter(prior) && prior.isAfter(since)) {
          late++;
        }
        Instant capped = time.isAfter(window.to()) ? window.to() : time;
        if (capped.isAfter(max)) {
          max = capped;
        }
      }
    }
    metrics.lateRecords(late);
    metrics.repeatsSkipped(repeated);
    if (late > 0) {
      log.info(
          "{}: {} record(s) became visible after newer ones and were found through the {} overlap",
          source(),
          late,
          settings.overlap());
    }
    boolean progressed =
        !fresh.isEmpty() || !Objects.equals(lo, at.lo) || !Objects.equals(hi, at.hi);
    int restarts = progressed ? 0 : at.restarts;
    Page result;
    if (page.cursor() == null) {
      // the window's own start, not a bound an expired cursor narrowed: the overlap reaches back
      // before the point a restart resumed from, for records that turned up behind it meanwhile
      Instant next = later(at.inWindow() ? at.origin : at.from, max.minus(settings.overlap()));
      seen.pruneBefore(next);
      cap(seen);
      result = new Page(fresh, WindowPosition.between(next, max, seen).toJson(), true);
    } else {
      cap(seen);
      result =
          new Page(
              fresh,
              WindowPosition.inside(
                      at.inWindow() ? at.origin : at.from,
                      window.from(),
                      window.to(),
                      prior,
                      max,
                      seen,
                      page.cursor(),
                      thisPage,
                      lo,
                      hi,
                      restarts)
                  .toJson(),
              false,
              // re-reading what was published already: a restart here just reads it again
              !fresh.isEmpty());
    }
    return result;
  }

  private Page restart(WindowPosition at, Window window, Instant prior, VendorException e)
      throws VendorException {
    int restarts = at.restarts + 1;
    if (restarts > MAX_RESTARTS_WITHOUT_PROGRESS) {
      throw new VendorException(
          ErrorKind.PERMANENT,
          e.status(),
          e.vendorCode().orElse(null),
          "the vendor rejected the paging cursor "
              + restarts
              + " times in a row without the window getting further in between: "
              + e.getMessage(),
          null,
          e);
    }
    metrics.cursorRestart();
    // What the window already published in order need not be paged again: oldest first, it goes
    // on from the newest time published; newest first, up to the oldest. Dedup skips the repeats
    // at that boundary; records that turned up meanwhile behind it are the next window's overlap.
    Instant from = window.from();
    Instant to = window.to();
    if (at.lo != null && order() == Window.Order.ASCENDING) {
      from = at.hi;
    } else if (at.lo != null && order() == Window.Order.DESCENDING) {
      to = at.lo;
    }
    log.warn(
        "{}: the vendor rejected the paging cursor ({}); asking for the window [{}, {}] again"
            + " (what was already published is skipped)",
        source(),
        e.getMessage(),
        from,
        to);
    return new Page(
        List.of(),
        WindowPosition.inside(
                at.origin, from, to, prior, at.max, at.seen, null, at.page, at.lo, at.hi, restarts)
            .toJson(),
        false);
  }

  private void cap(SeenKeys seen) {
    int dropped = seen.capTo(settings.maxKeys());
    if (dropped > 0) {
      metrics.dedupEvicted(dropped);
      log.warn(
          "{}: more than {} keys in the overlap window; forgot the {} oldest (should the vendor"
              + " serve them again they are published again; raise dedup.max.keys)",
          source(),
          settings.maxKeys(),
          dropped);
    }
  }

  private WindowPosition parse(String text) throws VendorException {
    try {
      return WindowPosition.fromJson(text);
    } catch (RuntimeException e) {
      throw VendorException.unreadablePosition(source(), e);
    }
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
