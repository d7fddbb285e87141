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
 * in it exists in its input class and every number is in range.
 *
 * <p>A {@code threshold} rule has one step; a {@code sequence} rule has two, A then B, and fires on
 * B when A was complete at most {@code within} before it.
 *
 * @param within sequence rules: the longest time from A's completion to B; threshold rules: the
 *     window
 * @param maxAlertsPerHour empty for no cap
 * @param origin the file the rule came from (and the override file, if any), for messages
 * @param sigma for a rule loaded from a Sigma file: what its steps match in raw vendor records
 *     (then its steps carry only numbers, with no input class, where or group-by)
 */
public record Rule(
    String id,
    String name,
    int version,
    String description,
    Type type,
    Area area,
    Severity severity,
    Optional<Severity> severityVip,
    List<String> attack,
    List<Step> steps,
    Duration within,
    Duration suppress,
    Duration grace,
    Optional<Integer> maxAlertsPerHour,
    String origin,
    Optional<SigmaBinding> sigma) {

  /** The two kinds of rule. */
  public enum Type {
    THRESHOLD,
    SEQUENCE
  }

  public Step first() {
    return steps.get(0);
  }

  public Step last() {
    return steps.get(steps.size() - 1);
  }

  /** The input class of the first step; for threshold rules, the rule's only input. */
  public CanonicalClass input() {
    return first().input();
  }

  public Duration window() {
    return first().window();
  }

  public int threshold() {
    return first().threshold();
  }

  public Optional<FieldPath> distinctField() {
    return first().distinctField();
  }

  public String groupKey(IndexedRecord record) {
    return first().groupKey(record);
  }

  /** False for a Sigma correlation that only feeds the rules built on it (chaining). */
  public boolean alerts() {
    return sigma.map(SigmaBinding::alerts).orElse(true);
  }

  public boolean groupsByRecordKey() {
    return sigma.isEmpty() && steps.stream().allMatch(Step::groupsByRecordKey);
  }

  /** The entity type alerts name, e.g. {@code user.name} or {@code src_ip+user.name}. */
  public String entityType() {
    if (sigma.isPresent()) {
      return sigma.get().entityType();
    }
    return first().groupBy().stream().map(FieldPath::path).collect(Collectors.joining("+"));
  }

  /**
   * How long state for one key must live: everything a future alert can still count, plus grace.
   */
  public Duration retention() {
    return type == Type.SEQUENCE ? within.plus(first().window()).plus(grace) : window().plus(grace);
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
    CORRELATED("correlated"),
    /** Alerts of Sigma rules (docs/sigma.md). */
    SIGMA("sigma");

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
