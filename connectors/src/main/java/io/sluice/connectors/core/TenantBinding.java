package io.sluice.connectors.core;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A connector's identity is bound to the vendor account it reads. Mimecast, Graph and CrowdStrike
 * serve every customer from the same hosts, so a connector id or a checkpoint shared by two
 * accounts would fence one with the other in a loop, or resume one account from the other's
 * position. The default connector id therefore names the tenant, every checkpoint records it, and a
 * checkpoint recorded for another tenant is refused, naming both.
 */
public final class TenantBinding {
  private static final Pattern NOT_IN_ID = Pattern.compile("[^A-Za-z0-9._@:-]");

  private TenantBinding() {}

  /** {@code <name>@<tenant>}, with characters Kafka ids and JMX names dislike replaced. */
  public static String defaultConnectorId(String name, String tenant) {
    return name + "@" + NOT_IN_ID.matcher(tenant).replaceAll("_");
  }

  /**
   * @throws ConnectorStoppedException (exit 2) when {@code checkpoint} belongs to another tenant,
   *     or records none (written before tenants were recorded)
   */
  public static void requireSame(Optional<Checkpoint> checkpoint, String tenant) {
    if (checkpoint.isEmpty() || tenant.equals(checkpoint.get().tenant())) {
      return;
    }
    Checkpoint found = checkpoint.get();
    throw new ConnectorStoppedException(
        ExitCodes.BAD_CONFIG,
        "The checkpoint "
            + found.key()
            + " belongs to tenant "
            + (found.tenant() == null
                ? "(none recorded: written by an older version)"
                : "'" + found.tenant() + "'")
            + ", but this connector is configured for tenant '"
            + tenant
            + "'; refusing to resume another account's position. Use another --connector-id"
            + " (the default includes the tenant), or delete that checkpoint record to start"
            + " again from since");
  }
}
