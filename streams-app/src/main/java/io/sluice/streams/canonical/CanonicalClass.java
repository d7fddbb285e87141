package io.sluice.streams.canonical;

import io.sluice.schemas.AdminActivityEvent;
import io.sluice.schemas.AuthenticationEvent;
import io.sluice.schemas.DataSecurityEvent;
import io.sluice.schemas.EmailActivityEvent;
import io.sluice.schemas.EmailFileEvent;
import io.sluice.schemas.EmailUrlEvent;
import io.sluice.schemas.FindingEvent;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * The canonical event classes (docs/design.md §4): one Avro record type and one topic per OCSF
 * class.
 *
 * <p>Rules name their input by {@link #ruleName()}; normalisers and detections meet only here, so
 * neither depends on the other.
 */
public enum CanonicalClass {
  AUTHENTICATION("authentication", AuthenticationEvent.class, "user.name", "user.vip"),
  EMAIL_ACTIVITY("email-activity", EmailActivityEvent.class, "user.name", "user.vip"),
  EMAIL_URL("email-url", EmailUrlEvent.class, "user.name", "user.vip"),
  EMAIL_FILE("email-file", EmailFileEvent.class, "recipient.name", "recipient.vip"),
  DATA_SECURITY("data-security", DataSecurityEvent.class, "user.name", "user.vip"),
  FINDING("finding", FindingEvent.class, "recipient.name", "recipient.vip"),
  ADMIN_ACTIVITY("admin-activity", AdminActivityEvent.class, "user.name", "user.vip");

  private final String ruleName;
  private final Class<? extends SpecificRecord> type;
  private final String keyField;
  private final String vipField;

  CanonicalClass(
      String ruleName, Class<? extends SpecificRecord> type, String keyField, String vipField) {
    this.ruleName = ruleName;
    this.type = type;
    this.keyField = keyField;
    this.vipField = vipField;
  }

  /** The name rules use for this class in {@code input:}, e.g. {@code authentication}. */
  public String ruleName() {
    return ruleName;
  }

  /** The topic this class is written to, e.g. {@code canonical.authentication}. */
  public String topic() {
    return "canonical." + ruleName;
  }

  public Class<? extends SpecificRecord> type() {
    return type;
  }

  /**
   * The field path whose value is the record key (the primary entity). A rule grouping by exactly
   * this field needs no repartition.
   */
  public String keyField() {
    return keyField;
  }

  /** The boolean field saying whether the primary entity is a VIP. */
  public String vipField() {
    return vipField;
  }

  public Schema schema() {
    try {
      return (Schema) type.getField("SCHEMA$").get(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("generated Avro class without SCHEMA$: " + type, e);
    }
  }

  public static Optional<CanonicalClass> byRuleName(String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(c -> c.ruleName.equals(wanted)).findFirst();
  }

  public static Optional<CanonicalClass> ofRecord(SpecificRecord record) {
    return Arrays.stream(values()).filter(c -> c.type.isInstance(record)).findFirst();
  }
}
