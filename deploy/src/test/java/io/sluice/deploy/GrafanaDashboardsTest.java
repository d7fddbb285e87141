package io.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.detect.Rule;
import io.sluice.streams.detect.RuleLoader;
import io.sluice.streams.normalize.FeedMappers;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * deploy/grafana without a running app: five focused dashboards on the provisioned data source,
 * bounded labels only, and matchers that name rules, classes and feeds Sluice has. {@code
 * DashboardMetricsIT} checks the metrics against a running app.
 */
class GrafanaDashboardsTest {
  private static final Set<String> UNBOUNDED =
      Set.of(
          "user",
          "user_name",
          "username",
          "email",
          "recipient",
          "sender",
          "ip",
          "src_ip",
          "address",
          "url",
          "domain",
          "hash",
          "sha256",
          "host",
          "device",
          "entity");

  @Test
  void shouldHaveOneDashboardPerConcernWithUniqueUids() throws Exception {
    Map<String, JsonNode> dashboards = Dashboards.all();

    assertThat(dashboards)
        .containsOnlyKeys(
            "authentication.json",
            "url-clicks.json",
            "email-threats.json",
            "data-loss.json",
            "pipeline-health.json");
    assertThat(dashboards.values().stream().map(d -> d.path("uid").asText()))
        .doesNotContain("")
        .doesNotHaveDuplicates();
    assertThat(dashboards.values()).allSatisfy(d -> assertThat(d.path("panels")).isNotEmpty());
  }

  @Test
  void shouldQueryOnlyTheProvisionedPrometheusDataSource() throws Exception {
    JsonNode provisioned =
        new ObjectMapper(new YAMLFactory())
            .readTree(Path.of("grafana/provisioning/datasources/prometheus.yml").toFile())
            .path("datasources")
            .get(0);
    assertThat(provisioned.path("type").asText()).isEqualTo("prometheus");

    for (JsonNode dashboard : Dashboards.all().values()) {
      for (JsonNode panel : dashboard.path("panels")) {
        assertThat(panel.at("/datasource/uid").asText())
            .as(panel.path("title").asText())
            .isEqualTo(provisioned.path("uid").asText());
        assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
      }
    }
  }

  @Test
  void shouldSayInEveryDescriptionThatPerUserDetailBelongsInSluicesViews() throws Exception {
    assertThat(Dashboards.all())
        .allSatisfy(
            (file, dashboard) ->
                assertThat(dashboard.path("description").asText())
                    .as(file)
                    .contains("never by user or IP")
                    .contains("Per-user detail belongs in Sluice's own views"));
  }

  @Test
  void shouldNeverFilterOrGroupByAUserAnAddressOrAnyOtherUnboundedLabel() throws Exception {
    for (Dashboards.Query query : Dashboards.queries()) {
      assertThat(query.parsed().selectors()).as(query.toString()).isNotEmpty();
      assertThat(query.parsed().groupingLabels())
          .as(query.toString())
          .doesNotContainAnyElementsOf(UNBOUNDED);
      assertThat(query.parsed().selectors())
          .flatExtracting(PromQl.Selector::matchers)
          .extracting(PromQl.Matcher::label)
          .as(query.toString())
          .doesNotContainAnyElementsOf(UNBOUNDED);
    }
  }

  @Test
  void shouldSelectOnlyRulesCanonicalClassesAndFeedsThatExist() throws Exception {
    List<String> rules = new RuleLoader().load(Optional.empty()).stream().map(Rule::id).toList();
    List<String> classes =
        Arrays.stream(CanonicalClass.values()).map(CanonicalClass::ruleName).toList();
    List<String> feeds = FeedMappers.all().stream().map(f -> f.descriptor().source()).toList();
    Map<String, List<String>> known = Map.of("rule", rules, "class", classes, "source", feeds);

    for (Dashboards.Query query : Dashboards.queries()) {
      for (PromQl.Selector selector : query.parsed().selectors()) {
        for (PromQl.Matcher matcher : selector.matchers()) {
          List<String> values = known.get(matcher.label());
          if (values != null && matcher.op().startsWith("=")) {
            Pattern pattern =
                Pattern.compile(
                    matcher.op().equals("=~") ? matcher.value() : Pattern.quote(matcher.value()));
            assertThat(values)
                .as("%s matches some %s", query, matcher.label())
                .anyMatch(v -> pattern.matcher(v).matches());
          }
        }
      }
    }
  }

  @Test
  void shouldReadTheSelectorsAndGroupingLabelsOfAQuery() {
    PromQl.Query query =
        PromQl.parse(
            "sum by (rule, severity) (increase(sluice_alerts_total{rule=~\"email\\\\..*\","
                + " severity!=\"low\"}[1h])) / on (rule) group_left max(sluice_ready) > 0");

    assertThat(query.selectors())
        .containsExactly(
            new PromQl.Selector(
                "sluice_alerts_total",
                List.of(
                    new PromQl.Matcher("rule", "=~", "email\\..*"),
                    new PromQl.Matcher("severity", "!=", "low"))),
            new PromQl.Selector("sluice_ready", List.of()));
    assertThat(query.groupingLabels()).containsExactly("rule", "severity");
  }

  @Test
  void shouldReportAMetricOrLabelTheScrapeDoesNotHold() {
    Scrape scrape =
        Scrape.parse(
            """
            # HELP sluice_alerts_total Alerts raised
            # TYPE sluice_alerts_total counter
            sluice_alerts_total{rule="dlp.repeat-violations",severity="medium"} 1.0
            sluice_ready 1
            """);
    List<Dashboards.Query> queries =
        List.of(
            query("sum by (rule) (rate(sluice_alerts_total{rule=~\"dlp\\\\..*\"}[5m]))"),
            query("sum by (user) (rate(sluice_alerts_total[5m]))"),
            query("sluice_alert_total{job=\"sluice-streams\"}"),
            query("max by (instance) (sluice_ready{feed=\"x\"})"));

    assertThat(Dashboards.notExported(queries, scrape))
        .hasSize(3)
        .anyMatch(p -> p.startsWith("grouping label user"))
        .anyMatch(p -> p.startsWith("metric sluice_alert_total"))
        .anyMatch(p -> p.startsWith("label feed of sluice_ready"));
  }

  private static Dashboards.Query query(String expr) {
    return new Dashboards.Query("test.json", "panel", expr, PromQl.parse(expr));
  }
}
