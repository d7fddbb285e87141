package io.sluice.streams.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** docs/sigma.md documents the tables the code holds: a row added to one shows in the other. */
class SigmaDocsTest {
  private static String docs() throws IOException {
    return Files.readString(Path.of("..", "docs", "sigma.md"));
  }

  @Test
  void shouldListEveryLogsourceWithItsFeedAndRawTopic() throws IOException {
    String docs = docs();

    for (SigmaFeed feed : SigmaFeed.values()) {
      assertThat(docs)
          .as(feed.name())
          .contains("| `" + feed.product() + "` | `" + feed.service() + "` |")
          .contains("(`" + feed.source() + "`) | `" + feed.rawTopic() + "` |");
    }
  }

  @Test
  void shouldListEveryAzureMonitorNameTheMappingRenames() throws IOException {
    String docs = docs().toLowerCase(Locale.ROOT);

    FieldMapping.AZURE_SIGNINS.forEach(
        (azure, graph) ->
            assertThat(docs)
                .as(azure)
                .contains("| `" + azure + "`")
                .contains("`" + graph.toLowerCase(Locale.ROOT) + "`"));
  }
}
