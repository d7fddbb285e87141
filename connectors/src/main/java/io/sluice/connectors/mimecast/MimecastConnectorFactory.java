package io.sluice.connectors.mimecast;

import io.sluice.connectors.config.ConfigException;
import io.sluice.connectors.config.ConnectorConfig;
import io.sluice.connectors.core.ConnectorFactory;
import io.sluice.connectors.core.Feed;
import io.sluice.connectors.http.RateLimitHeaders;
import io.sluice.connectors.http.Secret;
import io.sluice.connectors.http.Secrets;
import io.sluice.connectors.window.Window;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code sluice connector mimecast-<feed>}: one Mimecast feed per process, or {@code sluice
 * connector mimecast --feeds ttp-url,audit,…}: several feeds of one registered application in one
 * process, sharing its token and one rate gate, since Mimecast's quota is per application. All use
 * the API 2.0 client credentials from {@code MIMECAST_CLIENT_ID} and {@code MIMECAST_CLIENT_SECRET}
 * (or their {@code _FILE} variants) against the account's regional {@code base.url}.
 */
public abstract class MimecastConnectorFactory implements ConnectorFactory {
  public static final String CLIENT_ID_ENV = "MIMECAST_CLIENT_ID";
  public static final String CLIENT_SECRET_ENV = "MIMECAST_CLIENT_SECRET";
  public static final String PAGE_SIZE = "mimecast.page.size";
  public static final String SIEM_TYPES = "mimecast.siem.types";

  /** The feeds {@code mimecast} runs: {@code --feeds}, names without the {@code mimecast-}. */
  public static final String FEEDS = "mimecast.feeds";

  /**
   * How far before the newest time published each log query starts. Mimecast documents no delay
   * between an event and its visibility in the log APIs; 30 minutes is ours (these logs are small,
   * so re-reading half an hour costs little), twice the 15 minutes we consider the floor.
   */
  public static final String OVERLAP = "mimecast.overlap";

  static final String DEFAULT_BASE_URL = "https://api.services.mimecast.com";
  static final String SIEM = "siem";

  /** SIEM batch files are kept 7 days (Mimecast's get-siem-logs documentation). */
  static final Duration SIEM_RETENTION = Duration.ofDays(7);

  /**
   * TTP, DLP and audit retention is not in the sources we have; 30 days is ours, a bound on how far
   * a first backfill reaches back.
   */
  static final Duration LOG_RETENTION = Duration.ofDays(30);

  @Override
  public Map<String, String> defaults() {
    // No published request quota (it is per registered application); the client-side pace is one
    // request a second for the application, which every feed of one process shares. Page size as
    // Elastic's integration.
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put(ConnectorConfig.BASE_URL, DEFAULT_BASE_URL);
    defaults.put(ConnectorConfig.RATE_LIMIT, "60/1m");
    defaults.put(PAGE_SIZE, "100");
    defaults.put(
        SIEM_TYPES,
        "receipt,process,delivery,url protect,attachment protect,impersonation protect");
    defaults.put(OVERLAP, "30m");
    defaults.put(FEEDS, String.join(",", feedNames()));
    return defaults;
  }

  /** The registered application's client id: its quota, its data. */
  @Override
  public String tenant(ConnectorConfig config, Secrets secrets) {
    return secrets.require(CLIENT_ID_ENV, "Mimecast API 2.0 client id").reveal();
  }

  @Override
  public RateLimitHeaders rateLimitHeaders() {
    return new MimecastRateLimitHeaders();
  }

  static MimecastAuth auth(Context context, URI baseUrl, String tokenSource) {
    Secret id = context.secrets().require(CLIENT_ID_ENV, "Mimecast API 2.0 client id");
    Secret secret = context.secrets().require(CLIENT_SECRET_ENV, "Mimecast API 2.0 client secret");
    return new MimecastAuth(
        context.http(tokenSource), baseUrl, id.reveal(), secret, context.clock());
  }

  static URI baseUrl(ConnectorConfig config) {
    return config.url(
        ConnectorConfig.BASE_URL, DEFAULT_BASE_URL + " or the account's regional API host");
  }

  static List<String> feedNames() {
    List<String> names = new ArrayList<>();
    for (MimecastLog log : MimecastLog.values()) {
      names.add(log.feed);
    }
    names.add(SIEM);
    return names;
  }

  /** The feed {@code name} ({@code ttp-url}, …, {@code siem}) with {@code auth}. */
  static Feed feed(String name, Context context, MimecastAuth auth) {
    ConnectorConfig config = context.config();
    URI baseUrl = baseUrl(config);
    int pageSize = config.intValue(PAGE_SIZE, 1, 1000);
    Instant now = context.clock().instant();
    if (name.equals(SIEM)) {
      Instant since = since(config, now, SIEM_RETENTION, "the Mimecast SIEM batch");
      return new MimecastSiemFeed(
          baseUrl,
          siemTypes(config),
          since.atZone(ZoneOffset.UTC).toLocalDate(),
          pageSize,
          config.longValue(ConnectorConfig.MAX_PAGE_BYTES),
          context.http(MimecastSiemFeed.SOURCE),
          auth,
          context.clock());
    }
    MimecastLog log =
        Arrays.stream(MimecastLog.values())
            .filter(l -> l.feed.equals(name))
            .findFirst()
            .orElseThrow(
                () ->
                    new ConfigException(
                        "Setting '"
                            + FEEDS
                            + "': unknown feed '"
                            + name
                            + "'; known: "
                            + String.join(", ", feedNames())));
    return new MimecastLogsFeed(
        log,
        baseUrl,
        since(config, now, LOG_RETENTION, "Sluice's Mimecast log"),
        Window.Settings.of(config, OVERLAP),
        pageSize,
        context.http(log.source()),
        auth,
        context.clock());
  }

  private static Instant since(
      ConnectorConfig config, Instant now, Duration retention, String what) {
    return config.since(
        ConnectorConfig.SINCE,
        now,
        retention,
        what + "'s " + retention.toDays() + "-day retention");
  }

  private static List<String> siemTypes(ConnectorConfig config) {
    List<String> types = split(config.string(SIEM_TYPES));
    if (types.isEmpty()) {
      throw new ConfigException("Setting '" + SIEM_TYPES + "' names no log type");
    }
    return types;
  }

  private static List<String> split(String list) {
    return Arrays.stream(list.split(","))
        .map(String::trim)
        .filter(t -> !t.isEmpty())
        .distinct()
        .toList();
  }

  /** One feed per process. */
  abstract static class Single extends MimecastConnectorFactory {
    private final String feed;
    private final String source;
    private final String what;

    Single(String feed, String source, String what) {
      this.feed = feed;
      this.source = source;
      this.what = what;
    }

    @Override
    public String name() {
      return "mimecast-" + feed;
    }

    @Override
    public String source() {
      return source;
    }

    @Override
    public String description() {
      return what;
    }

    @Override
    public Feed create(Context context) {
      return feed(feed, context, auth(context, baseUrl(context.config()), source));
    }
  }

  /** A feed with the common POST envelope. */
  abstract static class Logs extends Single {
    Logs(MimecastLog log) {
      super(log.feed, log.source(), "Mimecast " + log.path + " → " + log.topic());
    }
  }

  /** {@code mimecast-ttp-url}: TTP URL Protect click logs. */
  public static final class TtpUrl extends Logs {
    public TtpUrl() {
      super(MimecastLog.TTP_URL);
    }
  }

  /** {@code mimecast-ttp-attachment}: TTP Attachment Protect logs. */
  public static final class TtpAttachment extends Logs {
    public TtpAttachment() {
      super(MimecastLog.TTP_ATTACHMENT);
    }
  }

  /** {@code mimecast-ttp-impersonation}: TTP Impersonation Protect logs. */
  public static final class TtpImpersonation extends Logs {
    public TtpImpersonation() {
      super(MimecastLog.TTP_IMPERSONATION);
    }
  }

  /** {@code mimecast-dlp}: DLP logs. */
  public static final class Dlp extends Logs {
    public Dlp() {
      super(MimecastLog.DLP);
    }
  }

  /** {@code mimecast-audit}: audit events. */
  public static final class Audit extends Logs {
    public Audit() {
      super(MimecastLog.AUDIT);
    }
  }

  /** {@code mimecast-siem}: SIEM batch events (API 2.0). */
  public static final class Siem extends Single {
    public Siem() {
      super(
          SIEM,
          MimecastSiemFeed.SOURCE,
          "Mimecast SIEM batch events " + MimecastSiemFeed.PATH + " → " + MimecastSiemFeed.TOPIC);
    }
  }

  /**
   * {@code mimecast --feeds ttp-url,audit,…}: several feeds of one application in one process, one
   * token and one rate gate for all (the quota is the application's), each feed with the
   * transactional id and checkpoint its own {@code mimecast-<feed>} connector would have, so a
   * deployment can move between the two forms.
   */
  public static final class All extends MimecastConnectorFactory {
    @Override
    public String name() {
      return "mimecast";
    }

    @Override
    public String source() {
      return "mimecast";
    }

    @Override
    public String description() {
      return "Several Mimecast feeds of one application (--feeds "
          + String.join(",", feedNames())
          + ")";
    }

    @Override
    public Feed create(Context context) {
      List<Feed> feeds = feeds(context);
      if (feeds.size() != 1) {
        throw new IllegalStateException("mimecast runs " + feeds.size() + " feeds; use feeds()");
      }
      return feeds.get(0);
    }

    @Override
    public List<Feed> feeds(Context context) {
      List<String> names = split(context.config().string(FEEDS).toLowerCase(Locale.ROOT));
      if (names.isEmpty()) {
        throw new ConfigException("Setting '" + FEEDS + "' names no feed");
      }
      MimecastAuth auth = auth(context, baseUrl(context.config()), source());
      List<Feed> feeds = new ArrayList<>();
      for (String name : names) {
        feeds.add(feed(name.startsWith("mimecast-") ? name.substring(9) : name, context, auth));
      }
      return feeds;
    }
  }
}
