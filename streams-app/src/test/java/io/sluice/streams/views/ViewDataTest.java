package io.sluice.streams.views;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * What one instance sends another ({@code /api/internal/views}) reads back as it was written, and
 * two instances' data add up: counters and top lists sum, an alert both report (a rebalance) counts
 * once, newest first.
 */
class ViewDataTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static AlertRow alert(String id, long at) {
    return new AlertRow(
        id,
        "auth.failed-login-burst",
        "Burst",
        "MEDIUM",
        "authentication",
        "user",
        "erin@corp.example",
        false,
        at,
        10,
        List.of("okta.system-log"),
        List.of(new AlertRow.Ref("ev-1", "okta.system-log", at - 1, "raw.okta.system-log/0@7")));
  }

  private static ViewData data(long failures, String ip, long ipCount, List<AlertRow> alerts) {
    return new ViewData(
        new TreeMap<>(Map.of("auth.FAILURE", new TreeMap<>(Map.of(28_573_200L, failures)))),
        new TreeMap<>(Map.of("auth.FAILURE", failures)),
        new TreeMap<>(Map.of("auth.ips", Map.of(ip, ipCount, "198.51.100.7", 1L))),
        new ArrayList<>(alerts),
        new TreeMap<>(Map.of("raw|okta.system-log", (double) failures)));
  }

  @Test
  void shouldReadBackWhatAnInstanceSends() throws Exception {
    ViewData sent = data(12, "203.0.113.9", 12, List.of(alert("a1", 1_714_644_180_000L)));

    ViewData received = JSON.readValue(JSON.writeValueAsBytes(sent), ViewData.class);

    assertThat(received).isEqualTo(sent);
  }

  @Test
  void shouldSumTwoInstancesAndKeepAnAlertBothReportOnce() {
    ViewData a = data(12, "203.0.113.9", 12, List.of(alert("a1", 1_000), alert("a2", 3_000)));
    ViewData b = data(3, "203.0.113.9", 2, List.of(alert("a1", 1_000), alert("b1", 2_000)));

    ViewData sum = a.plus(b);

    assertThat(sum.totals()).containsEntry("auth.FAILURE", 15L);
    assertThat(sum.minutes().get("auth.FAILURE")).containsEntry(28_573_200L, 15L);
    assertThat(sum.tops().get("auth.ips"))
        .containsEntry("203.0.113.9", 14L)
        .containsEntry("198.51.100.7", 2L);
    assertThat(sum.pipeline()).containsEntry("raw|okta.system-log", 15.0);
    assertThat(sum.alerts()).extracting(AlertRow::alertId).containsExactly("a2", "b1", "a1");
  }

  @Test
  void shouldCutWhatItSendsToTheTransferCaps() {
    Map<String, Long> many = new TreeMap<>();
    List<AlertRow> alerts = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      many.put("10.0." + i / 256 + "." + i % 256, (long) i);
      alerts.add(alert("id-" + i, i));
    }
    ViewData big =
        new ViewData(
            new TreeMap<>(),
            new TreeMap<>(),
            new TreeMap<>(Map.of("auth.ips", many)),
            alerts,
            new TreeMap<>());

    ViewData sent = big.plus(ViewData.empty());

    assertThat(sent.tops().get("auth.ips"))
        .hasSize(ViewData.TRANSFER_TOP)
        .containsEntry("10.0.3.231", 999L);
    assertThat(sent.alerts()).hasSize(ViewData.TRANSFER_ALERTS);
    assertThat(sent.alerts().get(0).alertId()).isEqualTo("id-999");
  }
}
