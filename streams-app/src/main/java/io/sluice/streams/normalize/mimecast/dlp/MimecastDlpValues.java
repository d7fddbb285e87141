package io.sluice.streams.normalize.mimecast.dlp;

import io.sluice.schemas.Direction;
import io.sluice.schemas.DlpAction;
import java.util.Locale;
import java.util.Map;

/**
 * The Mimecast DLP value tables (docs/feeds/mimecast-dlp.md). Sources: Mimecast's "Get DLP Logs"
 * reference (integrations.mimecast.com/documentation/endpoint-reference/logs-and-statistics/
 * get-dlp-logs: {@code routes} inbound/outbound/internal; {@code actions} filter values delete,
 * hold, "bouce" [sic], smart_folder, …); elastic/integrations {@code
 * packages/mimecast/data_stream/dlp_logs} test records (hold, notification, block). Anything not
 * listed maps to OTHER/UNKNOWN and is never guessed.
 *
 * <p>The route table is a copy kept in this package on purpose: feeds do not share classes, and the
 * TTP/SIEM packages own their own route tables.
 */
final class MimecastDlpValues {
  private static final Map<String, DlpAction> ACTIONS =
      Map.ofEntries(
          Map.entry("block", DlpAction.BLOCKED), // E test record
          Map.entry("bounce", DlpAction.BLOCKED), // doc filter value: rejected back to sender
          Map.entry("bouce", DlpAction.BLOCKED), // the doc's own spelling of it
          Map.entry("delete", DlpAction.BLOCKED), // doc filter value: discarded, not delivered
          Map.entry("hold", DlpAction.HELD), // doc filter value, E test record
          Map.entry("notification", DlpAction.NOTIFIED), // E test record, Azure-Sentinel rule
          Map.entry("notify", DlpAction.NOTIFIED), // issue (unverified)
          Map.entry("allow", DlpAction.ALLOWED), // issue (unverified)
          Map.entry("none", DlpAction.ALLOWED)); // issue (unverified): no action taken

  private static final Map<String, Direction> ROUTES =
      Map.of(
          "inbound", Direction.INBOUND,
          "outbound", Direction.OUTBOUND,
          "internal", Direction.INTERNAL);

  private MimecastDlpValues() {}

  /** UNKNOWN when absent; OTHER for a value the table does not know. */
  static DlpAction action(String action) {
    if (action == null) {
      return DlpAction.UNKNOWN;
    }
    return ACTIONS.getOrDefault(action.strip().toLowerCase(Locale.ROOT), DlpAction.OTHER);
  }

  /** UNKNOWN when absent or not a documented route. */
  static Direction direction(String route) {
    if (route == null) {
      return Direction.UNKNOWN;
    }
    return ROUTES.getOrDefault(route.strip().toLowerCase(Locale.ROOT), Direction.UNKNOWN);
  }
}
