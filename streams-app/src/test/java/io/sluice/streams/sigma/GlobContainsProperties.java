package io.sluice.streams.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A case-insensitive {@code contains} skips the positions where the literal's first character
 * cannot start ({@link FirstChar}); it must still find the literal wherever {@code
 * String.regionMatches(true, …)} at some position would, including the characters whose case
 * mapping leaves ASCII (the Kelvin sign is a {@code k}, the long s an {@code s}, the dotted I).
 */
class GlobContainsProperties {
  private static final String CHARS =
      "aAkKsSiIbB/. \u212A\u017F\u0130\u0131\u00DF\u00B5\u039C\u00FF\u0178";

  @Provide
  Arbitrary<String> literals() {
    return Arbitraries.strings().withChars(CHARS).ofMinLength(1).ofMaxLength(3);
  }

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.strings().withChars(CHARS + "\uD83D\uDE00").ofMaxLength(12);
  }

  @Property(tries = 3000)
  void shouldFindTheLiteralWhereRegionMatchesWould(
      @ForAll("literals") String literal, @ForAll("texts") String text) {
    Glob contains =
        new Glob(SigmaString.plain(literal).withLeadingStar().withTrailingStar(), false);

    boolean anywhere = false;
    for (int i = 0; i + literal.length() <= text.length(); i++) {
      anywhere |= text.regionMatches(true, i, literal, 0, literal.length());
    }
    assertThat(contains.matches(text)).as("'%s' in '%s'", literal, text).isEqualTo(anywhere);
  }
}
