package io.sluice.streams.views;

import io.sluice.schemas.Alert;

/** What an alert adds to the views: a row in its area's latest list and the hour's counts. */
final class AlertFold implements ViewsProcessor.Fold<Alert> {
  @Override
  public void add(ViewStore views, Alert alert) {
    long t = alert.getDetectedAt().toEpochMilli();
    if (!views.observe(t)) {
      return;
    }
    views.alert(AlertRow.of(alert));
    views.count(t, "alerts", 1);
    views.countHourly(t, "alerts.severity." + alert.getSeverity().name(), 1);
    views.countHourly(t, "alerts.rule." + alert.getRule().getId(), 1);
  }
}
