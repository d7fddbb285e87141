package io.sluice.streams.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a Sigma field name of a feed's rules becomes a path into that feed's raw record.
 *
 * <p>Every feed but Entra reads the name as a dotted path ({@link RawPath}). SigmaHQ's {@code
 * azure/signinlogs} rules are written against Azure Monitor's {@code SigninLogs} table ({@code
 * ResultType}, {@code Location}, …), while {@code raw.entra.signins} holds Microsoft Graph {@code
 * signIn} records ({@code status.errorCode}, {@code location.countryOrRegion}, …). The table below
 * maps the names that differ; the others (Graph's camelCase of the same word) are found by the
 * path's case-insensitive lookup. A sign-in exported by an Azure Monitor diagnostic setting wraps
 * the same Graph fields in {@code properties}, so every name is also looked up under {@code
 * properties.}, and a rule written against that export ({@code properties.status.errorCode}) reads
 * a Graph record too. The first path present in the record is the one matched. Table:
 * docs/sigma.md.
 */
final class FieldMapping {
  /** Azure Monitor SigninLogs name (lower-case) → Graph signIn path. */
  static final Map<String, String> AZURE_SIGNINS = azureSignIns();

  private static final String PROPERTIES = "properties.";

  private final SigmaFeed feed;

  private FieldMapping(SigmaFeed feed) {
    this.feed = feed;
  }

  static FieldMapping of(SigmaFeed feed) {
    return new FieldMapping(feed);
  }

  FieldResolver resolve(String sigmaField) {
    if (feed != SigmaFeed.ENTRA_SIGNINS) {
      return new RawPath(sigmaField);
    }
    if (sigmaField.equalsIgnoreCase("Status")) {
      return new DerivedStatus(candidates("status.errorCode"));
    }
    String name = sigmaField;
    if (name.regionMatches(true, 0, PROPERTIES, 0, PROPERTIES.length())) {
      name = name.substring(PROPERTIES.length());
    }
    return candidates(graphPath(name));
  }

  /** The Graph path for an Azure Monitor name; names the table does not list are kept. */
  static String graphPath(String name) {
    int dot = name.indexOf('.');
    String head = dot < 0 ? name : name.substring(0, dot);
    String mapped = AZURE_SIGNINS.get(head.toLowerCase(Locale.ROOT));
    return mapped == null ? name : mapped + (dot < 0 ? "" : name.substring(dot));
  }

  private static FirstPresent candidates(String graphPath) {
    return new FirstPresent(
        new FieldResolver[] {new RawPath(graphPath), new RawPath(PROPERTIES + graphPath)});
  }

  private static Map<String, String> azureSignIns() {
    return Map.of(
        "resulttype", "status.errorCode",
        "resultdescription", "status.failureReason",
        "location", "location.countryOrRegion",
        "locationdetails", "location",
        "clientapp", "clientAppUsed",
        "conditionalaccesspolicies", "appliedConditionalAccessPolicies",
        "identity", "userDisplayName",
        "timegenerated", "createdDateTime");
  }

  /** The first of several paths that is present in the record. */
  static final class FirstPresent implements FieldResolver {
    private final FieldResolver[] candidates;

    FirstPresent(FieldResolver[] candidates) {
      this.candidates = candidates;
    }

    private FieldResolver pick(JsonNode raw) {
      for (FieldResolver candidate : candidates) {
        if (candidate.present(raw)) {
          return candidate;
        }
      }
      return null;
    }

    @Override
    public boolean anyLeaf(JsonNode raw, LeafTest test) {
      FieldResolver picked = pick(raw);
      return picked != null && picked.anyLeaf(raw, test);
    }

    @Override
    public boolean present(JsonNode raw) {
      return pick(raw) != null;
    }

    @Override
    public JsonNode firstScalar(JsonNode raw) {
      FieldResolver picked = pick(raw);
      return picked == null ? null : picked.firstScalar(raw);
    }

    List<FieldResolver> candidates() {
      return List.of(candidates);
    }
  }

  /**
   * Azure Monitor's sign-in {@code Status} as SigmaHQ's rules compare it ({@code Status:
   * 'Success'}): {@code Success} for error code 0, {@code Failure} for any other code, absent
   * without a code. Graph has no such field; the portal's sign-in list shows the same words.
   */
  static final class DerivedStatus implements FieldResolver {
    static final TextNode SUCCESS = TextNode.valueOf("Success");
    static final TextNode FAILURE = TextNode.valueOf("Failure");

    private final FieldResolver code;

    DerivedStatus(FieldResolver code) {
      this.code = code;
    }

    private JsonNode status(JsonNode raw) {
      JsonNode c = code.firstScalar(raw);
      if (c == null) {
        return null;
      }
      boolean success = c.isNumber() ? c.doubleValue() == 0 : "0".equals(c.asText().strip());
      return success ? SUCCESS : FAILURE;
    }

    @Override
    public boolean anyLeaf(JsonNode raw, LeafTest test) {
      JsonNode status = status(raw);
      return status != null && test.test(status);
    }

    @Override
    public boolean present(JsonNode raw) {
      return status(raw) != null;
    }

    @Override
    public JsonNode firstScalar(JsonNode raw) {
      return status(raw);
    }
  }
}
