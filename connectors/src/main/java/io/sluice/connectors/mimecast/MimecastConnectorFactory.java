package io.sluice.connectors.mimecast;

import io.sluice.connectors.config.ConfigException;
import io.sluice.connectors.config.ConnectorConfig;
import io.sluice.connectors.core.ConnectorFactory;
import io.sluice.connectors.core.Feed;
import io.sluice.connectors.http.Secret;
import io.sluice.connectors.window.Window;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code sluice connector mimecast-<feed>}: one connector per Mimecast feed (each has its own
 * checkpoint, topic, rate and failure domain), all with the API 2.0 client credentials from {@code
 * MIMECAST_CLIENT_ID} and {@code MIMECAST_CLIENT_SECRET} (or their {@code _FILE} variants) against
 * the account's regional {@code base.url}.
 */
public abstract class MimecastConnectorFactory implements ConnectorFactory {
  public static final String CLIENT_ID_ENV = "MIMECAST_CLIENT_ID";
  public static final String CLIENT_SECRET_ENV = "MIMECAST_CLIENT_SECRET";
  public static final String PAGE_SIZE = "mimecast.page.size";
  public static final String SIEM_TYPES = "mimecast.siem.types";

  /**
   * How far before the newest time published each log query starts. Mimecast documents no delay
   * between an event and its visibility in the log APIs; 30 minutes is ours (these logs are small,
   * so re-reading half an hour costs little), at least twice the 15 minutes we consider the floor.
   */
  public static final String OVERLAP = "mimecast.overlap";

  static final String DEFAULT_BASE_URL = "https://api.services.mimecast.com";

  /** SIEM batch files are kept 7 days (Mimecast's get-siem-logs documentation). */
  static final Duration SIEM_RETENTION = Duration.ofDays(7);

  /**
   * TTP, DLP and audit retention is not in the sources we have; 30 days is ours, a bound on how far
   * a first backfill reaches back.
   */
  static final Duration LOG_RETENTION = Duration.ofDays(30);

  @Override
  public Map<String, String> defaults() {
    // No published request quota (it is per registered application): one request a second leaves
    // room for other feeds on the same application. Page size as Elastic's integration.
    return Map.of(
        ConnectorConfig.BASE_URL,
        DEFAULT_BASE_URL,
        ConnectorConfig.RATE_LIMIT,
        "60/1m",
        PAGE_SIZE,
        "100",
        SIEM_TYPES,
        "receipt,process,delivery,url protect,attachment protect,impersonation protect",
        OVERLAP,
        "30m");
  }

  MimecastAuth auth(Context context, URI baseUrl) {
    Secret id = context.secrets().require(CLIENT_ID_ENV, "Mimecast API 2.0 client id");
    Secret secret = context.secrets().require(CLIENT_SECRET_ENV, "Mimecast API 2.0 client secret");
    return new MimecastAuth(context.http(), baseUrl, id.reveal(), secret, context.clock());
  }

  static Instant since(ConnectorConfig config, Instant now, Duration retention, String what) {
    return config.since(
        ConnectorConfig.SINCE,
        now,
        retention,
        what + "'s " + retention.toDays() + "-day retention");
  }

  static int pageSize(ConnectorConfig config) {
    return config.intValue(PAGE_SIZE, 1, 1000);
  }

  static URI baseUrl(ConnectorConfig config) {
    return config.url(
        ConnectorConfig.BASE_URL, DEFAULT_BASE_URL + " or the account's regional API host");
  }

  /** A feed with the common POST envelope. */
  abstract static class Logs extends MimecastConnectorFactory {
    private final MimecastLog logType;

    Logs(MimecastLog logType) {
      this.logType = logType;
    }

    @Override
    public String name() {
      return "mimecast-" + logType.feed;
    }

    @Override
    public String source() {
      return logType.source();
    }

    @Override
    public String description() {
      return "Mimecast " + logType.path + " → " + logType.topic();
    }

    @Override
    public Feed create(Context context) {
      ConnectorConfig config = context.config();
      URI baseUrl = baseUrl(config);
      int pageSize = pageSize(config);
      Instant since =
          since(config, context.clock().instant(), LOG_RETENTION, "Sluice's Mimecast log");
      return new MimecastLogsFeed(
          logType,
          baseUrl,
          since,
          Window.Settings.of(config, OVERLAP),
          pageSize,
          context.http(),
          auth(context, baseUrl),
          context.clock());
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
  public static final class Siem extends MimecastConnectorFactory {
    @Override
    public String name() {
      return "mimecast-siem";
    }

    @Override
    public String source() {
      return MimecastSiemFeed.SOURCE;
    }

    @Override
    public String description() {
      return "Mimecast SIEM batch events " + MimecastSiemFeed.PATH + " → " + MimecastSiemFeed.TOPIC;
    }

    @Override
    public Feed create(Context context) {
      ConnectorConfig config = context.config();
      URI baseUrl = baseUrl(config);
      int pageSize = pageSize(config);
      List<String> types =
          Arrays.stream(config.string(SIEM_TYPES).split(","))
              .map(String::trim)
              .filter(t -> !t.isEmpty())
              .distinct()
              .toList();
      if (types.isEmpty()) {
        throw new ConfigException("Setting '" + SIEM_TYPES + "' names no log type");
      }
      Instant since =
          since(config, context.clock().instant(), SIEM_RETENTION, "the Mimecast SIEM batch");
      return new MimecastSiemFeed(
          baseUrl,
          types,
          since.atZone(ZoneOffset.UTC).toLocalDate(),
          pageSize,
          config.longValue(ConnectorConfig.MAX_PAGE_BYTES),
          context.http(),
          auth(context, baseUrl),
          context.clock());
    }
  }
}
