package io.sluice.streams.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The feed matcher against each rule on its own: random rule sets over a few fields, values and
 * modifiers (so that rules share fields and tests, as real packs do), and random records over the
 * same fields, give for every record and every rule what {@link SigmaDetectionRule#matches} gives.
 * The records go through one state in turn, so that nothing of one record leaks into the next.
 */
class SigmaMatcherProperties {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** A feed's logsource and the fields its rules and records use. */
  enum Feed {
    OKTA("okta", "okta", List.of("eventType", "eventtype", "outcome.result", "target.displayName")),
    ENTRA(
        "azure",
        "signinlogs",
        List.of("ResultType", "Status", "status.errorCode", "properties.appDisplayName"));

    final String product;
    final String service;
    final List<String> fields;

    Feed(String product, String service, List<String> fields) {
      this.product = product;
      this.service = service;
      this.fields = fields;
    }
  }

  /** Entries of a selection; F is the field. */
  private static final List<String> ENTRIES =
      List.of(
          "F: 'ab'",
          "F: 'AB'",
          "F: 'a*'",
          "F: '?b'",
          "F: 10",
          "F: '0'",
          "F: true",
          "F: null",
          "F: ['ab', 10, null]",
          "F|contains: 'b'",
          "F|startswith: 'A'",
          "F|endswith: 'b'",
          "F|contains|all: ['a', 'b']",
          "F|cased: 'ab'",
          "F|neq: 'ab'",
          "F|re: '^a'",
          "F|gt: 5",
          "F|lte: 0",
          "F|exists: true",
          "F|exists: false",
          "F|fieldref: outcome.result");

  private static final List<JsonNode> VALUES =
      List.of(
          NODES.textNode("ab"),
          NODES.textNode("AB"),
          NODES.textNode("xab"),
          NODES.textNode("a"),
          NODES.textNode("10"),
          NODES.numberNode(10),
          NODES.numberNode(0),
          NODES.booleanNode(true),
          NODES.nullNode(),
          NODES.arrayNode().add("b").add("ab"),
          NODES.arrayNode());

  record RuleSpec(List<List<String>> selections, String condition) {
    String detection() {
      StringBuilder b = new StringBuilder();
      for (int s = 0; s < selections.size(); s++) {
        b.append("sel").append(s).append(":\n");
        for (String entry : selections.get(s)) {
          b.append("  ").append(entry).append('\n');
        }
      }
      return b.append("condition: '").append(condition).append("'\n").toString();
    }
  }

  @Provide
  Arbitrary<Feed> feeds() {
    return Arbitraries.of(Feed.class);
  }

  private static Arbitrary<String> entry(Feed feed) {
    return Combinators.combine(Arbitraries.of(feed.fields), Arbitraries.of(ENTRIES))
        .as((field, entry) -> entry.replace("F", field));
  }

  private static Arbitrary<List<String>> selection(Feed feed) {
    // unique by key (field and modifiers): a YAML mapping holds each key once
    return entry(feed).list().ofMinSize(1).ofMaxSize(3).uniqueElements(e -> e.split(":")[0]);
  }

  private static Arbitrary<String> condition(int selections) {
    Arbitrary<String> name = Arbitraries.integers().between(0, selections - 1).map(i -> "sel" + i);
    Arbitrary<String> leaf =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(6, name),
            net.jqwik.api.Tuple.of(1, Arbitraries.just("1 of sel*")),
            net.jqwik.api.Tuple.of(1, Arbitraries.just("all of them")));
    Arbitrary<String> negated =
        Combinators.combine(Arbitraries.of(true, false), leaf).as((not, s) -> not ? "not " + s : s);
    return negated
        .list()
        .ofMinSize(1)
        .ofMaxSize(3)
        .flatMap(
            parts ->
                Arbitraries.of(" and ", " or ")
                    .list()
                    .ofSize(parts.size())
                    .map(
                        ops -> {
                          StringBuilder b = new StringBuilder(parts.get(0));
                          for (int i = 1; i < parts.size(); i++) {
                            b.append(ops.get(i)).append('(').append(parts.get(i)).append(')');
                          }
                          return b.toString();
                        }));
  }

  private static Arbitrary<RuleSpec> rule(Feed feed) {
    return selection(feed)
        .list()
        .ofMinSize(1)
        .ofMaxSize(3)
        .flatMap(sels -> condition(sels.size()).map(c -> new RuleSpec(sels, c)));
  }

  private static Arbitrary<ObjectNode> record(Feed feed) {
    Arbitrary<JsonNode> value = Arbitraries.of(VALUES);
    List<String> paths = new ArrayList<>(feed.fields);
    paths.add("outcome.result");
    return Combinators.combine(
            value.injectNull(0.3).list().ofSize(paths.size()), Arbitraries.of(true, false))
        .as(
            (values, targetArray) -> {
              ObjectNode record = NODES.objectNode();
              for (int i = 0; i < paths.size(); i++) {
                if (values.get(i) != null) {
                  put(record, paths.get(i), values.get(i).deepCopy(), targetArray);
                }
              }
              return record;
            });
  }

  /** Sets a dotted path, making objects on the way (or, for target, an array of objects). */
  private static void put(ObjectNode record, String path, JsonNode value, boolean targetArray) {
    String[] segments = path.split("\\.");
    ObjectNode at = record;
    for (int i = 0; i < segments.length - 1; i++) {
      JsonNode next = at.get(segments[i]);
      if (segments[i].equals("target") && targetArray) {
        ArrayNode targets = next instanceof ArrayNode a ? a : at.putArray(segments[i]);
        targets.addObject().put("displayName", "other");
        at = targets.addObject();
      } else {
        at = next instanceof ObjectNode o ? o : at.putObject(segments[i]);
      }
    }
    at.set(segments[segments.length - 1], value);
  }

  @Provide
  Arbitrary<Case> cases() {
    return feeds()
        .flatMap(
            feed ->
                Combinators.combine(
                        rule(feed).list().ofMinSize(1).ofMaxSize(8),
                        record(feed).list().ofMinSize(1).ofMaxSize(8))
                    .as((rules, records) -> new Case(feed, rules, records)));
  }

  record Case(Feed feed, List<RuleSpec> rules, List<ObjectNode> records) {}

  @Property(tries = 400)
  void shouldMatchAsEachRuleOnItsOwn(@ForAll("cases") Case c) {
    List<SigmaDetectionRule> rules =
        c.rules().stream()
            .map(r -> SigmaRecords.rule(c.feed().product, c.feed().service, r.detection()))
            .toList();
    SigmaMatcher matcher = SigmaMatcher.of(rules);
    SigmaMatchState state = matcher.newState();

    for (ObjectNode record : c.records()) {
      boolean any = matcher.match(record, state);

      boolean anyAlone = false;
      for (int i = 0; i < rules.size(); i++) {
        boolean alone = rules.get(i).matches(record);
        anyAlone |= alone;
        assertThat(state.matched(matcher.indexOf(rules.get(i))))
            .as("%s on %s", c.rules().get(i).detection(), record)
            .isEqualTo(alone);
      }
      assertThat(any).isEqualTo(anyAlone);
    }
  }
}
