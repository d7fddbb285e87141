package io.sluice.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.schemas.Alert;
import io.sluice.schemas.Severity;
import java.io.File;
import org.apache.avro.util.ClassSecurityValidator;
import org.junit.jupiter.api.Test;

class GeneratedClassTrustTest {

  @Test
  void shouldTrustOnlyGeneratedRecordsAndEnumsOfTheSchemasPackage() {
    assertThat(GeneratedClassTrust.isGenerated(Alert.class)).isTrue();
    assertThat(GeneratedClassTrust.isGenerated(Severity.class)).isTrue();
    assertThat(GeneratedClassTrust.isGenerated(AvroSerializer.class)).isFalse();
    assertThat(GeneratedClassTrust.isGenerated(TestRecords.class)).isFalse();
    assertThat(GeneratedClassTrust.isGenerated(File.class)).isFalse();
  }

  @Test
  void shouldKeepWhatAvroTrustedBefore() {
    GeneratedClassTrust.install();

    assertThat(ClassSecurityValidator.getGlobal().isTrusted(Alert.class)).isTrue();
    assertThat(ClassSecurityValidator.getGlobal().isTrusted(String.class)).isTrue();
    assertThat(ClassSecurityValidator.getGlobal().isTrusted(File.class)).isFalse();
  }
}
