package io.sluice.sandbox.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApicurioInstallationTest {

  private String previousArchive;

  @BeforeEach
  void rememberArchiveProperty() {
    previousArchive = System.getProperty(ApicurioRegistry.ARCHIVE_PROPERTY);
  }

  @AfterEach
  void restoreArchiveProperty() {
    if (previousArchive == null) {
      System.clearProperty(ApicurioRegistry.ARCHIVE_PROPERTY);
    } else {
      System.setProperty(ApicurioRegistry.ARCHIVE_PROPERTY, previousArchive);
    }
  }

  @Test
  void shouldTellTheUserHowToDownloadAMissingTarball(@TempDir Path emptyDir) {
    // Given
    Path missing = emptyDir.resolve("apicurio-registry-app-all.tar.gz");
    System.setProperty(ApicurioRegistry.ARCHIVE_PROPERTY, missing.toString());

    // Then
    assertThatThrownBy(ApicurioInstallation::archive)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("mvn -pl sandbox/harness dependency:resolve");
  }

  @Test
  void shouldUseTheConfiguredTarballWhenItExists(@TempDir Path dir) throws Exception {
    // Given
    Path archive = Files.createFile(dir.resolve("registry.tar.gz"));
    System.setProperty(ApicurioRegistry.ARCHIVE_PROPERTY, archive.toString());

    // Then
    assertThat(ApicurioInstallation.archive()).isEqualTo(archive);
  }
}
