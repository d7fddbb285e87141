package io.sluice.streams.detect;

import io.sluice.schemas.Alert;
import io.sluice.schemas.UserRisk;

/** What a key-type processor emits: an alert for its area's topic, or a user's new risk. */
public sealed interface DetectOutput {
  /** An alert bound for {@code topic} ({@code alerts.<area>}) and {@code alerts.ocsf-json}. */
  record AlertOut(String topic, Alert alert) implements DetectOutput {}

  /** A user's risk for {@code risk.users}; null is a tombstone (nothing left in the window). */
  record RiskOut(UserRisk risk) implements DetectOutput {}
}
