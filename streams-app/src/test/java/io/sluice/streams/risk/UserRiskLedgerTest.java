package io.sluice.streams.risk;

import static io.sluice.streams.risk.RiskFixtures.alert;
import static io.sluice.streams.risk.RiskFixtures.click;
import static io.sluice.streams.risk.RiskFixtures.dlp;
import static io.sluice.streams.risk.RiskFixtures.login;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.schemas.AuthStatus;
import io.sluice.schemas.DlpAction;
import io.sluice.schemas.Severity;
import io.sluice.schemas.UserRisk;
import io.sluice.schemas.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The risk score's weights and what counts (docs/risk.md), on the ledger the processor uses. */
class UserRiskLedgerTest {
  private static final Instant T0 = Instant.parse("2024-05-02T12:00:00Z");
  private static final String ANN = "ann@corp.example";

  private byte[] state;
  private UserRisk last;

  private void add(RiskContribution c) {
    long t = T0.toEpochMilli();
    UserRiskLedger.Update update = UserRiskLedger.add(ANN, state, c, t, t, false);
    state = update.state();
    last = update.risk();
  }

  private void record(SpecificRecord record) {
    RiskContribution.of(record).ifPresent(this::add);
  }

  @Test
  void shouldScoreWithTheDocumentedWeights() {
    record(click(ANN, Verdict.MALICIOUS, true, T0)); // 10
    record(click(ANN, Verdict.MALICIOUS, true, T0)); // 10
    record(login(ANN, AuthStatus.FAILURE, false, T0)); // 1
    record(login(ANN, AuthStatus.FAILURE, false, T0)); // 1
    record(login(ANN, AuthStatus.FAILURE, false, T0)); // 1
    record(dlp(ANN, DlpAction.BLOCKED, T0)); // 5
    for (Severity s : List.of(Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL)) {
      RiskContribution.of(alert("user.name", ANN, s, T0)).ifPresent(this::add); // 5 15 30 50
    }

    assertThat(last.getScore()).isEqualTo(20 + 3 + 5 + 5 + 15 + 30 + 50);
    assertThat(last.getAlertsBySeverity())
        .isEqualTo(Map.of("LOW", 1L, "MEDIUM", 1L, "HIGH", 1L, "CRITICAL", 1L));
  }

  @Test
  void shouldMultiplyAVipsScoreByOneAndAHalf() {
    record(login(ANN, AuthStatus.FAILURE, false, T0));
    long t = T0.toEpochMilli();

    UserRisk vip = UserRiskLedger.view(ANN, state, true);

    assertThat(vip.getVip()).isTrue();
    assertThat(vip.getScore()).isEqualTo(1.5);
    assertThat(UserRiskLedger.view(ANN, state, false).getScore()).isEqualTo(1.0);
    assertThat(UserRiskLedger.expire(ANN, state, t, true).changed()).isFalse();
  }

  @Test
  void shouldCountAlertsOnlyWhenTheirEntityIsAUser() {
    assertThat(RiskContribution.of(alert("src_ip", "198.51.100.77", Severity.HIGH, T0))).isEmpty();
    assertThat(RiskContribution.of(alert("user.name", ANN, Severity.HIGH, T0))).isPresent();
    assertThat(RiskContribution.of(alert("recipient.name", ANN, Severity.MEDIUM, T0))).isPresent();
  }

  @Test
  void shouldIgnoreRecordsThatSayNothingAboutRisk() {
    assertThat(RiskContribution.of(login(ANN, AuthStatus.SUCCESS, false, T0))).isEmpty();
    assertThat(RiskContribution.of(click(ANN, Verdict.CLEAN, true, T0))).isEmpty();
    assertThat(RiskContribution.of(click(ANN, Verdict.MALICIOUS, false, T0))).isEmpty();
    assertThat(RiskContribution.of(dlp(ANN, DlpAction.NOTIFIED, T0))).isEmpty();
    // the twin: each kind that does count
    assertThat(RiskContribution.of(login(ANN, AuthStatus.FAILURE, false, T0))).isPresent();
  }
}
