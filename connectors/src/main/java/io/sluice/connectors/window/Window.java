package io.sluice.connectors.window;

import io.sluice.connectors.config.ConfigException;
import io.sluice.connectors.config.ConnectorConfig;
import io.sluice.connectors.core.RawRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One query of a {@link WindowedFeed}: records with a time of at least {@code from}, up to {@code
 * to} (our clock when the window started; vendors whose queries are open-ended ignore it), and the
 * vendor's cursor for the page to fetch (null: the first).
 */
public record Window(Instant from, Instant to, String cursor) {
  public Window {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
  }

  /**
   * The order a vendor pages a window in, which decides how far back an expired cursor sends it.
   */
  public enum Order {
    /** Oldest first: after an expired cursor the window goes on from the newest time published. */
    ASCENDING,
    /** Newest first: after an expired cursor the window goes on up to the oldest time published. */
    DESCENDING,
    /** Not documented: an expired cursor restarts the whole window (dedup skips the repeats). */
    UNKNOWN
  }

  /**
   * @param overlap how far before the newest time published each new window starts
   * @param maxKeys how many published keys the checkpoint keeps for dedup
   */
  public record Settings(Duration overlap, int maxKeys) {
    /** {@code overlapKey} (e.g. {@code mimecast.overlap}) and {@code dedup.max.keys}. */
    public static Settings of(ConnectorConfig config, String overlapKey) {
      try {
        return new Settings(
            config.duration(overlapKey),
            config.intValue(ConnectorConfig.DEDUP_MAX_KEYS, 1, Integer.MAX_VALUE));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("Setting '" + overlapKey + "': " + e.getMessage());
      }
    }

    public Settings {
      if (overlap.isNegative()) {
        throw new IllegalArgumentException("the overlap must not be negative");
      }
      if (maxKeys < 1) {
        throw new IllegalArgumentException("dedup.max.keys must be at least 1");
      }
    }
  }

  /**
   * One record of a page.
   *
   * @param identity what makes it the same record when served again (the vendor id, or id plus
   *     version where the vendor updates records in place)
   */
  public record Item(RawRecord record, String identity) {
    public Item {
      Objects.requireNonNull(record, "record");
      Objects.requireNonNull(identity, "identity");
    }
  }

  /**
   * What one request returned.
   *
   * @param cursor the vendor's token for the next page of this window; null when the window ends
   */
  public record Page(List<Item> items, String cursor) {
    public Page {
      items = List.copyOf(items);
    }
  }
}
