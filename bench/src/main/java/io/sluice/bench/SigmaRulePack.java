package io.sluice.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * {@code --sigma-rules N}: N generated Sigma rules for the pipeline bench, written as rule files of
 * a {@code rules.dir}, in the shape of SigmaHQ's rules over the raw fields of the feeds the mix
 * carries (Okta System Log, Entra sign-ins, Mimecast TTP URL and SIEM). Ten templates take turns:
 * six detection rules and four correlations ({@code event_count}, {@code value_count}), each
 * correlation over a detection of its own file that does not alert alone. Most rules match little
 * or nothing of the benign mix, as in production, but every one is evaluated on every record of its
 * feed; a few (failed logons per account, malicious clicks per link) do fire.
 */
public final class SigmaRulePack {
  private SigmaRulePack() {}

  /** The N rules as files in {@code directory}; returns how many alerting rules were written. */
  static int write(Path directory, int rules) {
    try {
      Files.createDirectories(directory);
      for (Map.Entry<String, String> file : files(rules).entrySet()) {
        Files.writeString(directory.resolve(file.getKey()), file.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the generated Sigma rules", e);
    }
    return rules;
  }

  /**
   * The N rules as file name → text, in order: what {@link #write} writes, for benchmarks that load
   * them in memory ({@code RuleLoader#parseWithBuiltins}).
   */
  public static Map<String, String> files(int rules) {
    Map<String, String> files = new LinkedHashMap<>();
    for (int i = 0; i < rules; i++) {
      files.put(String.format("sigma-%03d.yml", i), TEMPLATES.get(i % TEMPLATES.size()).apply(i));
    }
    return files;
  }

  private static String id(int i, int part) {
    return UUID.nameUUIDFromBytes(("sluice-bench-sigma-" + i + "-" + part).getBytes()).toString();
  }

  private static String header(int i, String title, String product, String service) {
    return """
        title: %s (bench %d)
        id: %s
        status: test
        author: sluice bench
        tags: [attack.credential-access, attack.t1110]
        logsource: {product: %s, service: %s}
        """
        .formatted(title, i, id(i, 0), product, service);
  }

  /** A correlation over the detection of the same file (named {@code base}). */
  private static String correlation(int i, String title, String body) {
    return """
        ---
        title: %s (bench %d)
        id: %s
        level: high
        correlation:
        %s"""
            .formatted(title, i, id(i, 1), body.indent(2).stripTrailing())
        + "\n";
  }

  private static final List<IntFunction<String>> TEMPLATES =
      List.of(
          i ->
              header(i, "Okta failed sign-in from watched subnet", "okta", "okta")
                  + """
                  detection:
                    selection:
                      eventType: user.session.start
                      outcome.result: FAILURE
                      client.ipAddress|startswith: '10.%d.'
                    condition: selection
                  level: low
                  """
                      .formatted(i % 256),
          i ->
              header(i, "Okta failed sign-in", "okta", "okta")
                      .replace("title:", "name: base\ntitle:")
                  + """
                  detection:
                    selection:
                      eventType: user.session.start
                      legacyEventType: core.user_auth.login_failed
                    condition: selection
                  """
                  + correlation(
                      i,
                      "Okta failed sign-ins of one account",
                      """
                      type: event_count
                      rules: [base]
                      group-by: [actor.alternateId]
                      timespan: 10m
                      condition: {gte: %d}
                      """
                          .formatted(3 + i % 3)),
          i ->
              header(i, "Okta sign-in with a scripted user agent", "okta", "okta")
                  + """
                  detection:
                    selection:
                      client.userAgent.rawUserAgent|contains:
                        - 'python-requests/%d'
                        - 'curl/%d'
                    filter:
                      outcome.result: SUCCESS
                    condition: selection and not filter
                  level: medium
                  """
                      .formatted(i, i),
          i ->
              header(i, "Entra wrong password to an Office app", "azure", "signinlogs")
                  + """
                  detection:
                    selection:
                      ResultType: 50126
                      AppDisplayName|contains: 'Office 365'
                      IPAddress|startswith: '10.%d.'
                    condition: selection
                  level: low
                  """
                      .formatted(i % 256),
          i ->
              header(i, "Entra wrong password", "azure", "signinlogs")
                      .replace("title:", "name: base\ntitle:")
                  + """
                  detection:
                    selection:
                      ResultType: 50126
                    condition: selection
                  """
                  + correlation(
                      i,
                      "Entra password spray from one address",
                      """
                      type: value_count
                      rules: [base]
                      group-by: [IPAddress]
                      timespan: 30m
                      condition: {gte: %d, field: UserPrincipalName}
                      """
                          .formatted(3 + i % 2)),
          i ->
              header(i, "Mimecast click on a known phishing host", "mimecast", "ttp-url")
                  + """
                  detection:
                    selection:
                      url|contains: 'phish-%d.'
                      scanResult: malicious
                    condition: selection
                  level: high
                  """
                      .formatted(i % 1000),
          i ->
              header(i, "Mimecast delivery with an invoice lure", "mimecast", "siem")
                  + """
                  detection:
                    selection:
                      type: delivery
                      subject|contains|all: ['invoice', 'overdue %d']
                    filter:
                      senderEnvelope|endswith: '@corp.example'
                    condition: selection and not filter
                  level: medium
                  """
                      .formatted(i),
          i ->
              header(i, "Mimecast malicious click", "mimecast", "ttp-url")
                      .replace("title:", "name: base\ntitle:")
                  + """
                  detection:
                    selection:
                      scanResult: malicious
                      category: 'Phishing & Fraud'
                    condition: selection
                  """
                  + correlation(
                      i,
                      "Mimecast phishing link clicked by several users",
                      """
                      type: value_count
                      rules: [base]
                      group-by: [url]
                      timespan: 1h
                      condition: {gte: %d, field: userEmailAddress}
                      """
                          .formatted(2 + i % 2)),
          i ->
              header(i, "Okta sign-in from an unexpected city", "okta", "okta")
                  + """
                  detection:
                    selection:
                      eventType: user.session.start
                      client.geographicalContext.city:
                        - 'Pyongyang %d'
                        - 'Tehran %d'
                    condition: selection
                  level: high
                  """
                      .formatted(i, i),
          i ->
              header(i, "Entra failed sign-in", "azure", "signinlogs")
                      .replace("title:", "name: base\ntitle:")
                  + """
                  detection:
                    selection:
                      Status: Failure
                    condition: selection
                  """
                  + correlation(
                      i,
                      "Entra failed sign-ins of one account",
                      """
                      type: event_count
                      rules: [base]
                      group-by: [UserPrincipalName]
                      timespan: 15m
                      condition: {gte: %d}
                      """
                          .formatted(4 + i % 3)));
}
