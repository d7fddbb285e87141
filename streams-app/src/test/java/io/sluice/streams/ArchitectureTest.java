package io.sluice.streams;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The dependency rules of docs/design.md §2, checked on the compiled classes. */
class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.sluice");

  @Test
  void detectionsNeverSeeVendorShapes() {
    noClasses()
        .that()
        .resideInAPackage("io.sluice.streams.detect..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.sluice.streams.normalize..")
        .check(CLASSES);
  }

  @Test
  void normalisersNeverDependOnDetections() {
    noClasses()
        .that()
        .resideInAPackage("io.sluice.streams.normalize..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.sluice.streams.detect..")
        .check(CLASSES);
  }

  @Test
  void vendorFeedsDoNotDependOnEachOther() {
    noClasses()
        .that()
        .resideInAPackage("io.sluice.streams.normalize.okta..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.sluice.streams.normalize.mimecast..",
            "io.sluice.streams.normalize.entra..",
            "io.sluice.streams.normalize.crowdstrike..")
        .check(CLASSES);
  }

  @Test
  void sigmaLibraryStandsAloneFromTheEngineTheNormalisersAndKafka() {
    noClasses()
        .that()
        .resideInAPackage("io.sluice.streams.sigma..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.sluice.streams.detect..",
            "io.sluice.streams.normalize..",
            "io.sluice.streams.topology..",
            "org.apache.kafka..")
        .check(CLASSES);
  }

  @Test
  void productionCodeNeverDependsOnTheSandbox() {
    noClasses()
        .that()
        .resideInAPackage("io.sluice.streams..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.sluice.sandbox..")
        .check(CLASSES);
  }

  @Test
  void schemasDependOnNoOtherSluiceModule() {
    noClasses()
        .that()
        .resideInAPackage("io.sluice.schemas..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.sluice.streams..", "io.sluice.sandbox..", "io.sluice.connectors..")
        .check(CLASSES);
  }
}
