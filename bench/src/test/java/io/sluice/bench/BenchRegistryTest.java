package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Which schema registry a load run's app instances get: one instance keeps its in-memory registry
 * (comparable figures), several share one, and a URL the user gives always wins.
 */
class BenchRegistryTest {
  @Test
  void shouldKeepTheInMemoryRegistryForOneInstanceWithoutUrl() {
    assertThat(BenchRegistry.choose(1, null)).isEqualTo(BenchRegistry.Source.IN_MEMORY);
    assertThat(BenchRegistry.open(BenchRegistry.Source.IN_MEMORY, null).url())
        .isEqualTo("mem://bench");
  }

  @Test
  void shouldStartApicurioForSeveralInstancesWithoutUrl() {
    assertThat(BenchRegistry.choose(2, null)).isEqualTo(BenchRegistry.Source.APICURIO);
  }

  @Test
  void shouldUseTheGivenUrlForAnyNumberOfInstances() {
    String url = "http://registry:8080/apis/ccompat/v7";

    assertThat(BenchRegistry.choose(1, url)).isEqualTo(BenchRegistry.Source.GIVEN);
    assertThat(BenchRegistry.choose(3, url)).isEqualTo(BenchRegistry.Source.GIVEN);
    assertThat(BenchRegistry.open(BenchRegistry.Source.GIVEN, url).url()).isEqualTo(url);
  }

  @Test
  void shouldRefuseAnInMemoryUrlForSeveralInstances() {
    assertThatThrownBy(() -> BenchRegistry.choose(2, "mem://mine"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("in-memory");
    assertThat(BenchRegistry.choose(1, "mem://mine")).isEqualTo(BenchRegistry.Source.GIVEN);
  }
}
