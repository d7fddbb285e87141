package io.sluice.streams.sigma;

import java.util.Locale;
import java.util.Optional;

/**
 * The Sluice feeds a Sigma detection rule can read, by the rule's {@code logsource} ({@code
 * product} + {@code service}). A rule matches the feed's raw vendor record (topic {@link
 * #rawTopic()}), with the vendor's own field names. Table: docs/sigma.md.
 */
public enum SigmaFeed {
  OKTA_SYSTEM_LOG("okta.system-log", "okta", "okta"),
  MIMECAST_TTP_URL("mimecast.ttp-url", "mimecast", "ttp-url"),
  MIMECAST_TTP_ATTACHMENT("mimecast.ttp-attachment", "mimecast", "ttp-attachment"),
  MIMECAST_TTP_IMPERSONATION("mimecast.ttp-impersonation", "mimecast", "ttp-impersonation"),
  MIMECAST_AUDIT("mimecast.audit", "mimecast", "audit"),
  MIMECAST_DLP("mimecast.dlp", "mimecast", "dlp"),
  MIMECAST_SIEM("mimecast.siem", "mimecast", "siem"),
  ENTRA_SIGNINS("entra.signins", "azure", "signinlogs"),
  CROWDSTRIKE_ALERTS("crowdstrike.alerts", "crowdstrike", "alerts");

  private final String source;
  private final String product;
  private final String service;

  SigmaFeed(String source, String product, String service) {
    this.source = source;
    this.product = product;
    this.service = service;
  }

  /** The Sluice source name, as in alerts' {@code sources} and {@code metadata.source}. */
  public String source() {
    return source;
  }

  /** The topic holding this feed's vendor records as the connector fetched them. */
  public String rawTopic() {
    return "raw." + source;
  }

  public String product() {
    return product;
  }

  public String service() {
    return service;
  }

  /** The feed a logsource names; compared case-insensitively, as Sigma writes them lower-case. */
  public static Optional<SigmaFeed> byLogsource(String product, String service) {
    if (product == null || service == null) {
      return Optional.empty();
    }
    String p = product.strip().toLowerCase(Locale.ROOT);
    String s = service.strip().toLowerCase(Locale.ROOT);
    for (SigmaFeed feed : values()) {
      if (feed.product.equals(p) && feed.service.equals(s)) {
        return Optional.of(feed);
      }
    }
    return Optional.empty();
  }

  /** The feed with this Sluice source name ({@code okta.system-log}, …). */
  public static Optional<SigmaFeed> bySource(String source) {
    for (SigmaFeed feed : values()) {
      if (feed.source.equals(source)) {
        return Optional.of(feed);
      }
    }
    return Optional.empty();
  }
}
