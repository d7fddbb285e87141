package io.sluice.streams.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTest {

  @Test
  void shouldReturnCleanTextItselfWithoutACopy() {
    String clean = "Sign in from Oslo — ok";

    assertThat(Text.clean(clean)).isSameAs(clean);
    assertThat(Text.clean("x".repeat(Text.DEFAULT_MAX))).hasSize(Text.DEFAULT_MAX);
  }

  @Test
  void shouldReplaceControlAndLineSeparatorCharactersWithSpaces() {
    assertThat(Text.clean("a\r\nb\tc\u0000d\u2028e\u2029f\u0085g")).isEqualTo("a  b c d e f g");
  }

  @Test
  void shouldCapLongTextWithAnEllipsis() {
    String capped = Text.clean("y".repeat(600));

    assertThat(capped).hasSize(Text.DEFAULT_MAX).endsWith("y…");
    assertThat(Text.clean("abcdef", 4)).isEqualTo("abc…");
    assertThat(Text.clean("abc\n", 4)).isEqualTo("abc ");
  }

  @Test
  void shouldKeepNullAbsent() {
    assertThat(Text.clean(null)).isNull();
  }
}
