package io.sluice.connectors.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.connectors.core.Feed;
import io.sluice.connectors.core.Json;
import io.sluice.connectors.core.Page;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** What the feed tests of every vendor share: reading a feed up to "caught up", page by page. */
public final class FeedPages {
  private FeedPages() {}

  /**
   * Pages from {@code position} on, each from the previous one's next, until caught up, as the poll
   * loop fetches them when every page commits.
   */
  public static List<Page> drain(Feed feed, String position) throws Exception {
    return drain(feed, position, Integer.MAX_VALUE);
  }

  /** {@link #drain(Feed, String)}, but no more than {@code maxPages} (a feed that never ends). */
  public static List<Page> drain(Feed feed, String position, int maxPages) throws Exception {
    List<Page> pages = new ArrayList<>();
    Page page;
    do {
      page = feed.fetch(position);
      pages.add(page);
      position = page.next();
    } while (!page.caughtUp() && pages.size() < maxPages);
    return pages;
  }

  /** A feed that only has names (for tests of what happens around a fetch). */
  public static Feed named(String source, String topic, String initialPosition) {
    return new Feed() {
      @Override
      public String source() {
        return source;
      }

      @Override
      public String topic() {
        return topic;
      }

      @Override
      public String initialPosition() {
        return initialPosition;
      }

      @Override
      public Page fetch(String position) {
        throw new UnsupportedOperationException("a feed with names only");
      }
    };
  }

  /** A checkpoint position as JSON, to read the fields its feed documents. */
  public static JsonNode position(String position) {
    return Json.object(position, "position");
  }

  /** The records' values as text, in page order. */
  public static List<String> values(List<Page> pages) {
    return pages.stream()
        .flatMap(p -> p.records().stream())
        .map(r -> new String(r.value(), StandardCharsets.UTF_8))
        .toList();
  }
}
