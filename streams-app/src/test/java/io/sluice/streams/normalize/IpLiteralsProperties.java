package io.sluice.streams.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class IpLiteralsProperties {

  @Example
  void shouldTellAddressesFromLookalikes() {
    assertThat(IpLiterals.isIpv4("192.0.2.1")).isTrue();
    assertThat(IpLiterals.isIpv4("255.255.255.255")).isTrue();
    assertThat(IpLiterals.isIpv4("0.0.0.0")).isTrue();
    assertThat(IpLiterals.isIpv4("256.0.2.1")).isFalse();
    assertThat(IpLiterals.isIpv4("192.0.2")).isFalse();
    assertThat(IpLiterals.isIpv4("192.0.2.1.")).isFalse();
    assertThat(IpLiterals.isIpv4(".192.0.2.1")).isFalse();
    assertThat(IpLiterals.isIpv4("192..2.1")).isFalse();
    assertThat(IpLiterals.isIpv4("1921.0.2.1")).isFalse();
    assertThat(IpLiterals.isIpv4("192.0.2.1a")).isFalse();
    assertThat(IpLiterals.isIpv4("Internal IP")).isFalse();
    assertThat(IpLiterals.isLiteral("::ffff:192.0.2.1")).isTrue();
    assertThat(IpLiterals.isLiteral("::ffff:192.0.2.300")).isFalse();
  }

  /** The one-pass reading agrees with splitting on dots and parsing each group. */
  @Property(tries = 3000)
  void shouldAgreeWithSplittingAndParsing(@ForAll("ipv4ish") String text) {
    assertThat(IpLiterals.isIpv4(text)).isEqualTo(bySplitting(text));
  }

  @Provide
  Arbitrary<String> ipv4ish() {
    Arbitrary<String> group =
        Arbitraries.oneOf(
            Arbitraries.integers().between(0, 999).map(String::valueOf),
            Arbitraries.strings().withChars("0123456789.a ").ofMinLength(0).ofMaxLength(4));
    return group.list().ofMinSize(1).ofMaxSize(6).map(groups -> String.join(".", groups));
  }

  private static boolean bySplitting(String text) {
    if (text.length() < 7 || text.length() > 15) {
      return false;
    }
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty()
          || part.length() > 3
          || !part.chars().allMatch(c -> c >= '0' && c <= '9')
          || Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }
}
