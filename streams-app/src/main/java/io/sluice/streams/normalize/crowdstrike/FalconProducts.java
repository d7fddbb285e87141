package io.sluice.streams.normalize.crowdstrike;

import java.util.Locale;
import java.util.Map;

/**
 * The {@code product} → {@code finding_type} table (docs/feeds/crowdstrike-alerts.md). The products
 * are those the Falcon alerts API returns; one the table does not know is a {@code falcon_alert}
 * (not guessed), and {@code product} itself always stays in {@code unmapped}.
 */
final class FalconProducts {
  static final String UNKNOWN_PRODUCT = "falcon_alert";

  private static final Map<String, String> FINDING_TYPES =
      Map.of(
          "epp", "endpoint_detection",
          "idp", "identity_detection",
          "ods", "malware_scan",
          "automated-lead", "automated_lead",
          "automated-lead-context", "automated_lead",
          "ngsiem", "siem_correlation");

  private FalconProducts() {}

  static String findingType(String product) {
    if (product == null) {
      return UNKNOWN_PRODUCT;
    }
    return FINDING_TYPES.getOrDefault(product.strip().toLowerCase(Locale.ROOT), UNKNOWN_PRODUCT);
  }
}
