package io.sluice.streams.enrich.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdentitiesTest {
  private static final Map<String, String> ALIASES =
      Map.of(
          "corp\\jdoe", "jdoe@corp.example",
          "jdoe@corp.onmicrosoft.com", "jdoe@corp.example",
          "ann@corp.example", "ann.lee@corp.example");

  private final Identities withDomain = new Identities(ALIASES::get, "Corp.Example");
  private final Identities withoutDomain = new Identities(ALIASES::get, null);

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "CORP\\JDoe, jdoe@corp.example",
    "JDoe@Corp.OnMicrosoft.com, jdoe@corp.example",
    "jdoe, jdoe@corp.example",
    " bob , bob@corp.example",
    "ann, ann.lee@corp.example",
    "bob@other.example, bob@other.example",
    "OTHER\\bob, other\\bob",
    "local service, local service",
    "krbtgt/corp, krbtgt/corp"
  })
  void shouldResolveAnAliasElseQualifyABareNameElseNormalise(String name, String expected) {
    assertThat(withDomain.resolve(name)).isEqualTo(expected);
  }

  @Test
  void shouldLeaveBareNamesAloneWithoutADefaultDomain() {
    assertThat(withoutDomain.resolve("JDoe")).isEqualTo("jdoe");
    assertThat(withoutDomain.resolve("corp\\jdoe")).isEqualTo("jdoe@corp.example");
  }

  @Test
  void shouldFollowOnlyOneAliasSoACycleCannotLoop() {
    Identities cyclic =
        new Identities(
            Map.of("a@x.example", "b@x.example", "b@x.example", "a@x.example")::get, null);

    assertThat(cyclic.resolve("a@x.example")).isEqualTo("b@x.example");
  }

  @Test
  void shouldAcceptTheDomainWithALeadingAtSign() {
    assertThat(new Identities(a -> null, "@corp.example").resolve("jdoe"))
        .isEqualTo("jdoe@corp.example");
  }

  @Test
  void shouldGiveNullForNoName() {
    assertThat(withDomain.resolve(null)).isNull();
    assertThat(withDomain.resolve("  ")).isNull();
  }
}
