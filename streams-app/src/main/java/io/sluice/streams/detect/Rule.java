package io.sluice.streams.detect;

import io.sluice.schemas.Severity;
import io.sluice.streams.canonical.CanonicalClass;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.avro.generic.IndexedRecord;

/**
 * A validated detection rule (docs/rules.md). Built only by {@link RuleLoader}, so every field path
 * in it exists in the input class and every number is in range.
 *
 * @param distinctField empty for {@code count: events}; the field whose distinct values are counted
 *     for {@code count: {distinct: field}}
 * @param maxAlertsPerHour empty for no cap
 * @param origin the file the rule came from, for messages
 */
public record Rule(
    String id,
    String name,
    int version,
    String description,
    CanonicalClass input,
    Area area,
    Severity severity,
    Optional<Severity> severityVip,
    List<String> attack,
    List<Condition> where,
    List<FieldPath> groupBy,
    Optional<FieldPath> distinctField,
    int threshold,
    Duration window,
    Duration suppress,
    Duration grace,
    Optional<Integer> maxAlertsPerHour,
    String origin) {

  public boolean matches(IndexedRecord record) {
    for (Condition condition : where) {
      if (!condition.test(record)) {
        return false;
      }
    }
    return true;
  }

  /** The group key of a record: the group-by values joined by '|', or null if any is absent. */
  public String groupKey(IndexedRecord record) {
    if (groupBy.size() == 1) {
      return groupBy.get(0).getText(record);
    }
    StringBuilder key = new StringBuilder();
    for (FieldPath field : groupBy) {
      String value = field.getText(record);
      if (value == null) {
        return null;
      }
      if (key.length() > 0) {
        key.append('|');
      }
      key.append(value);
    }
    return key.toString();
  }

  /** Whether records already arrive keyed by this rule's group key (no repartition needed). */
  public boolean groupsByRecordKey() {
    return groupBy.size() == 1 && groupBy.get(0).path().equals(input.keyField());
  }

  /** The entity type alerts name, e.g. {@code user.name} or {@code src_ip+user.name}. */
  public String entityType() {
    return groupBy.stream().map(FieldPath::path).collect(Collectors.joining("+"));
  }

  /** How long state for one key must live: the window, plus grace for late events. */
  public Duration retention() {
    return window.plus(grace);
  }

  /** Internal names derive from the id, so adding a rule never renames another's state. */
  public String storeName() {
    return "rule-" + id + "-state";
  }

  public String processorName() {
    return "rule-" + id;
  }

  /** Alert areas; each has its own topic {@code alerts.<area>}. */
  public enum Area {
    AUTHENTICATION("authentication"),
    URL_CLICK("url-click"),
    EMAIL_THREAT("email-threat"),
    DATA_LOSS("data-loss"),
    CORRELATED("correlated");

    private final String name;

    Area(String name) {
      this.name = name;
    }

    public String areaName() {
      return name;
    }

    public String topic() {
      return "alerts." + name;
    }

    public static Optional<Area> byName(String name) {
      for (Area area : values()) {
        if (area.name.equals(name)) {
          return Optional.of(area);
        }
      }
      return Optional.empty();
    }
  }
}
