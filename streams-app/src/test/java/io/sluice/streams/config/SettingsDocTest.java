package io.sluice.streams.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md lists every declared key, so the table and the code cannot drift. */
class SettingsDocTest {

  @Test
  void shouldDocumentEveryDeclaredKey() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "configuration.md"));

    for (Setting s : Settings.all()) {
      assertThat(doc).as(s.key()).contains("| `" + s.key() + "` |");
    }
  }
}
