package io.sluice.streams.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeysTest {

  @Test
  void shouldLowerCaseAndTrimAnAccountName() {
    assertThat(Keys.normalize("  Jane.Doe@Example.COM ")).isEqualTo("jane.doe@example.com");
  }

  @Test
  void shouldDropControlCharactersAndAngleBrackets() {
    assertThat(Keys.normalize("<CEO@Corp.com>")).isEqualTo("ceo@corp.com");
    assertThat(Keys.normalize("ja\u0000ne@ex\nample.com\r")).isEqualTo("jane@example.com");
  }

  @Test
  void shouldReadBlankAsNoKey() {
    assertThat(Keys.normalize(" \t")).isNull();
    assertThat(Keys.normalize(null)).isNull();
  }
}
