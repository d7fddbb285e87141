package io.sluice.sandbox.simulators;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scenario additions the demo relies on, without a server. */
class ScenarioEventsTest {
  private static final Instant START = Instant.parse("2024-11-14T08:00:00Z");

  @Test
  void shouldAddTheClickCampaignTheAllowedClickAndTheDlpHoldsToTheScenario() {
    MimecastEvents.Scenario base = MimecastEvents.scenario(1, START, 40, 1, 3);
    MimecastEvents.Scenario full = MimecastEvents.fullScenario(1, START, 40, 1, 3);

    assertThat(full.logs(MimecastEvents.TTP_URL))
        .startsWith(base.logs(MimecastEvents.TTP_URL).toArray(String[]::new));
    assertThat(full.logs(MimecastEvents.TTP_URL))
        .filteredOn(c -> c.contains(MimecastEvents.CAMPAIGN_URL))
        .hasSize(6)
        .extracting(c -> c.substring(0, c.indexOf("\",")))
        .doesNotHaveDuplicates();
    assertThat(full.logs(MimecastEvents.TTP_URL))
        .filteredOn(
            c ->
                c.contains(MimecastEvents.CLICK_THEN_LOGIN_USER)
                    && c.contains("\"scanResult\":\"malicious\"")
                    && c.contains("\"action\":\"allow\""))
        .singleElement()
        .asString()
        .contains(MimecastEvents.time(MimecastEvents.allowedClickTime(START, 40)));
    assertThat(full.logs(MimecastEvents.DLP))
        .filteredOn(
            d -> d.contains(MimecastEvents.DLP_REPEAT_USER) && d.contains("\"action\":\"hold\""))
        .hasSizeGreaterThanOrEqualTo(3);
    assertThat(full.size()).isEqualTo(base.size() + 7 + 3);
    assertThat(MimecastEvents.fullScenario(1, START, 40, 1, 3)).isEqualTo(full);
  }

  @Test
  void shouldInsertTheLoginInPublishedOrder() {
    List<String> events = OktaEvents.scenario(9, 20, START);
    Instant at = START.plusSeconds(95);

    List<String> merged = OktaEvents.withLogin(events, 3, "carla@corp.example", "10.0.0.9", at);

    assertThat(merged).hasSize(events.size() + 1);
    assertThat(merged.get(4)).contains("carla@corp.example").contains("\"result\":\"SUCCESS\"");
    assertThat(merged.get(4)).contains("\"published\":\"" + at + "\"");
  }
}
