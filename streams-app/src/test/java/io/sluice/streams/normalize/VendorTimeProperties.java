package io.sluice.streams.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link CommonIso}, the fast path of {@link VendorTime#parse}, reads exactly what the formatters
 * read: on the vendors' shapes it answers and agrees; on anything near them (broken digits, odd
 * offsets, impossible dates, missing parts) it either agrees or steps aside.
 */
class VendorTimeProperties {

  @Property(tries = 3_000)
  void shouldReadTheCommonShapesAsTheFormattersDo(@ForAll("commonShapes") String text) {
    Instant fast = CommonIso.parse(text);
    assertThat(fast).as("the fast path takes %s", text).isNotNull();
    assertThat(VendorTime.parse(text)).isEqualTo(VendorTime.viaFormatters(text));
    assertThat(Optional.of(fast)).isEqualTo(VendorTime.viaFormatters(text));
  }

  @Property(tries = 5_000)
  void shouldAgreeWithTheFormattersOrStepAsideOnNearMisses(@ForAll("nearMisses") String text) {
    assertThat(VendorTime.parse(text)).as(text).isEqualTo(expected(text));
  }

  @Example
  void shouldReadEachVendorsOwnExample() {
    assertThat(CommonIso.parse("2024-05-02T20:18:57.718Z"))
        .isEqualTo(Instant.parse("2024-05-02T20:18:57.718Z"));
    assertThat(CommonIso.parse("2024-05-02T20:18:57.7183456Z"))
        .isEqualTo(Instant.parse("2024-05-02T20:18:57.7183456Z"));
    assertThat(CommonIso.parse("2024-11-14T19:44:02+0000"))
        .isEqualTo(Instant.parse("2024-11-14T19:44:02Z"));
    assertThat(CommonIso.parse("2024-11-14T21:44:02+02:00"))
        .isEqualTo(Instant.parse("2024-11-14T19:44:02Z"));
    assertThat(CommonIso.parse("2024-02-30T00:00:00Z"))
        .as("no such day: left to the formatters")
        .isNull();
    assertThat(VendorTime.parse("2024-02-30T00:00:00Z"))
        .as("which refuse it, not clamp it")
        .isEmpty();
    assertThat(VendorTime.parse("2024-02-30T00:00:00+0000")).isEmpty();
  }

  /** What parse answered before the fast path: epoch digits, else the formatters. */
  private static Optional<Instant> expected(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    String value = text.strip();
    if (value.chars().allMatch(Character::isDigit) && value.length() <= 15) {
      return VendorTime.ofEpochMillis(Long.parseLong(value));
    }
    return VendorTime.viaFormatters(value);
  }

  @Provide
  Arbitrary<String> commonShapes() {
    Arbitrary<Instant> instants =
        Arbitraries.longs()
            .between(
                Instant.parse("2000-01-02T00:00:00Z").getEpochSecond(),
                Instant.parse("2199-12-30T00:00:00Z").getEpochSecond())
            .map(Instant::ofEpochSecond);
    Arbitrary<Integer> nanos = Arbitraries.integers().between(0, 999_999_999);
    Arbitrary<Integer> fractionDigits = Arbitraries.integers().between(0, 9);
    Arbitrary<Integer> offsetMinutes =
        Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(-18 * 60, 18 * 60));
    Arbitrary<Integer> offsetStyle = Arbitraries.integers().between(0, 2);
    return Combinators.combine(instants, nanos, fractionDigits, offsetMinutes, offsetStyle)
        .as(VendorTimeProperties::format);
  }

  @Provide
  Arbitrary<String> nearMisses() {
    return commonShapes()
        .flatMap(
            s ->
                Arbitraries.oneOf(
                    Arbitraries.integers()
                        .between(0, s.length() - 1)
                        .flatMap(
                            i ->
                                Arbitraries.of(
                                        '0', '9', '3', ':', '-', '+', 'T', 't', 'Z', 'z', '.', ' ',
                                        'x')
                                    .map(c -> s.substring(0, i) + c + s.substring(i + 1))),
                    Arbitraries.integers()
                        .between(0, s.length() - 1)
                        .map(i -> s.substring(0, i) + s.substring(i + 1)),
                    Arbitraries.integers().between(1, s.length()).map(i -> s.substring(0, i)),
                    Arbitraries.of(":00", "0", "00", ".", "Z").map(tail -> s + tail)));
  }

  private static String format(
      Instant instant, int nanos, int fractionDigits, int offsetMinutes, int offsetStyle) {
    ZoneOffset offset = ZoneOffset.ofTotalSeconds(offsetMinutes * 60);
    String local =
        instant
            .atOffset(offset)
            .toLocalDateTime()
            .format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"));
    String fraction =
        fractionDigits == 0 ? "" : "." + String.format("%09d", nanos).substring(0, fractionDigits);
    String zone =
        switch (offsetStyle) {
          case 0 -> offsetMinutes == 0 ? "Z" : offset.getId();
          case 1 -> offset.getId().equals("Z") ? "+00:00" : offset.getId();
          default -> (offset.getId().equals("Z") ? "+00:00" : offset.getId()).replace(":", "");
        };
    return local + fraction + zone;
  }
}
