package io.sluice.streams.sigma;

import java.util.Map;
import java.util.OptionalLong;

/**
 * A correlation's {@code condition}, as written ({@code operators}: {@code gt}, {@code gte}, {@code
 * lt}, {@code lte}, {@code eq} → value) and as bounds on a count: {@code lowerBound} is the count
 * that fires on crossing ({@code gte: 10} → 10, {@code gt: 10} → 11, {@code eq: 5} → 5; 1 when no
 * lower operator is given, as a count is only ever seen at an event), {@code upperBound} the
 * largest count that still fires ({@code lt: 10} → 9, {@code lte: 10} → 10, {@code eq: 5} → 5). For
 * temporal correlations the count is the number of distinct referenced rules seen.
 */
public record CorrelationCondition(
    Map<String, Long> operators, long lowerBound, OptionalLong upperBound) {

  public CorrelationCondition {
    operators = Map.copyOf(operators);
  }

  /** Whether a count is within the bounds. */
  public boolean test(long count) {
    return count >= lowerBound && (upperBound.isEmpty() || count <= upperBound.getAsLong());
  }

  public boolean hasUpperBound() {
    return upperBound.isPresent();
  }
}
