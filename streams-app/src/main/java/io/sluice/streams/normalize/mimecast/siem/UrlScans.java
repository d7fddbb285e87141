package io.sluice.streams.normalize.mimecast.siem;

import io.sluice.schemas.EmailAction;
import io.sluice.schemas.Verdict;
import java.util.Locale;
import java.util.Map;

/**
 * What a SIEM URL line's scan result and URL category say (docs/feeds/mimecast-siem.md, "URL
 * verdicts"). Internal Email Protect lines carry no verdict word, only {@code scanResults} (e.g.
 * "Blocked URL Category") and {@code urlCategory} (e.g. "Compromised"); the category then decides
 * the verdict, through Mimecast's own "Security" category group (Mimecast Web Security: Policy
 * Categories). Categories outside that group say nothing about maliciousness and give no verdict.
 */
final class UrlScans {
  /**
   * Mimecast's Security category group. MALICIOUS where Mimecast describes the sites as infected,
   * distributing malware, phishing or botnet infrastructure; SUSPICIOUS for the rest of the group.
   */
  private static final Map<String, Verdict> SECURITY_CATEGORIES =
      Map.of(
          "attacker controlled infrastructure", Verdict.MALICIOUS,
          "botnets", Verdict.MALICIOUS,
          "compromised", Verdict.MALICIOUS,
          "malware", Verdict.MALICIOUS,
          "phishing & fraud", Verdict.MALICIOUS,
          "potentially malicious", Verdict.MALICIOUS,
          "anonymizers", Verdict.SUSPICIOUS,
          "hacking", Verdict.SUSPICIOUS,
          "spam sites", Verdict.SUSPICIOUS);

  /**
   * Scan results that are decisions about the URL's category, not verdicts: the category decides
   * the verdict, the scan result the action.
   */
  private static final Map<String, EmailAction> CATEGORY_RESULTS =
      Map.of("blocked url category", EmailAction.BLOCKED);

  private UrlScans() {}

  /** Whether a scan result defers to the URL category (or is absent). */
  static boolean decidedByCategory(String scanResult) {
    return scanResult == null || CATEGORY_RESULTS.containsKey(lower(scanResult));
  }

  /** The action a category scan result implies, or null. */
  static EmailAction actionOf(String scanResult) {
    return scanResult == null ? null : CATEGORY_RESULTS.get(lower(scanResult));
  }

  /** The verdict of a Security-group category, or null for any other category. */
  static Verdict categoryVerdict(String category) {
    return category == null ? null : SECURITY_CATEGORIES.get(lower(category));
  }

  private static String lower(String text) {
    return text.strip().toLowerCase(Locale.ROOT);
  }
}
