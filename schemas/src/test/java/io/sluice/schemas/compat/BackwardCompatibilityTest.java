package io.sluice.schemas.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.schemas.Alert;
import org.junit.jupiter.api.Test;

class BackwardCompatibilityTest {

  @Test
  void shouldNameFieldsNestedInRecordsArraysMapsAndUnions() {
    // evidence is field 17: an array of Evidence records whose raw_ref (field 3) is [null, RawRef]
    int evidence = Alert.getClassSchema().getField("evidence").pos();

    String path =
        BackwardCompatibility.fieldPath(
            Alert.getClassSchema(),
            "/fields/" + evidence + "/type/items/fields/3/type/1/fields/2/type");

    assertThat(path).isEqualTo("Alert.evidence[].raw_ref<RawRef>.offset");
  }

  @Test
  void shouldKeepTokensItCannotMapToFields() {
    assertThat(BackwardCompatibility.fieldPath(Alert.getClassSchema(), "/name"))
        .isEqualTo("Alert/name");
    assertThat(BackwardCompatibility.fieldPath(Alert.getClassSchema(), "/")).isEqualTo("Alert");
  }
}
