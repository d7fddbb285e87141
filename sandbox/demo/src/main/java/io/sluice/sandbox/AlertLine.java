package io.sluice.sandbox;

import io.sluice.schemas.Alert;
import java.util.Locale;

/** One readable line per alert, for the demo's terminal output. */
final class AlertLine {
  private AlertLine() {}

  static String format(Alert alert) {
    return String.format(
        Locale.ROOT,
        "ALERT %-8s %s | %s | %s=%s | %d events %s .. %s | sources=%s | attack=%s | id=%s",
        "[" + alert.getSeverity().name().toLowerCase(Locale.ROOT) + "]",
        alert.getRule().getId(),
        alert.getTitle(),
        alert.getEntity().getType(),
        alert.getEntity().getValue(),
        alert.getEventCount(),
        alert.getFirstSeen(),
        alert.getWindowEnd(),
        String.join(",", alert.getSources()),
        String.join(",", alert.getAttack()),
        alert.getAlertId());
  }
}
