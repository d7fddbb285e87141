package io.sluice.schemas.serde;

/**
 * Subject compatibility levels of the Confluent REST protocol ({@code PUT /config/{subject}}).
 *
 * <p>BACKWARD is what Sluice relies on: consumers upgrade first, so a new reader schema must read
 * everything written with the previous one.
 */
public enum CompatibilityLevel {
  NONE,
  BACKWARD,
  BACKWARD_TRANSITIVE,
  FORWARD,
  FORWARD_TRANSITIVE,
  FULL,
  FULL_TRANSITIVE
}
