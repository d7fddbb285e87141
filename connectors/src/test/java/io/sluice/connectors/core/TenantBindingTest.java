package io.sluice.connectors.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TenantBindingTest {
  private static final Instant AT = Instant.parse("2024-05-02T20:18:57Z");

  @Test
  void shouldRefuseACheckpointOfAnotherTenantNamingBoth() {
    Optional<Checkpoint> theirs =
        Optional.of(new Checkpoint("mimecast-audit", "mimecast.audit", "client-A", "{}", AT));

    assertThatThrownBy(() -> TenantBinding.requireSame(theirs, "client-B"))
        .isInstanceOfSatisfying(
            ConnectorStoppedException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.BAD_CONFIG))
        .hasMessageContaining("belongs to tenant 'client-A'")
        .hasMessageContaining("configured for tenant 'client-B'")
        .hasMessageContaining("mimecast-audit/mimecast.audit");
  }

  @Test
  void shouldRefuseACheckpointThatRecordsNoTenant() {
    Optional<Checkpoint> old =
        Optional.of(new Checkpoint("okta", "okta.system-log", null, "x", AT));

    assertThatThrownBy(() -> TenantBinding.requireSame(old, "acme.okta.com"))
        .hasMessageContaining("none recorded");
  }

  @Test
  void shouldAcceptItsOwnTenantsCheckpointAndNoCheckpointAtAll() {
    Optional<Checkpoint> ours =
        Optional.of(
            new Checkpoint("okta@acme.okta.com", "okta.system-log", "acme.okta.com", "x", AT));

    assertThatNoException().isThrownBy(() -> TenantBinding.requireSame(ours, "acme.okta.com"));
    assertThatNoException()
        .isThrownBy(() -> TenantBinding.requireSame(Optional.empty(), "acme.okta.com"));
  }

  @Test
  void shouldPutTheTenantIntoTheDefaultConnectorIdSoTwoAccountsNeverShareOne() {
    assertThat(TenantBinding.defaultConnectorId("entra", "contoso.onmicrosoft.com"))
        .isEqualTo("entra@contoso.onmicrosoft.com");
    assertThat(TenantBinding.defaultConnectorId("mimecast-audit", "app one/2"))
        .isEqualTo("mimecast-audit@app_one_2");
    assertThat(TenantBinding.defaultConnectorId("crowdstrike", "client-a"))
        .isNotEqualTo(TenantBinding.defaultConnectorId("crowdstrike", "client-b"));
  }
}
