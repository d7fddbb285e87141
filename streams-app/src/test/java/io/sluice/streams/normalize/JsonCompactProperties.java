package io.sluice.streams.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** {@link Json#compact} writes what {@code JsonNode.toString()} writes, which it replaces. */
class JsonCompactProperties {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Property(tries = 500)
  void shouldWriteWhatToStringWrites(@ForAll("trees") JsonNode tree) {
    assertThat(Json.compact(tree)).isEqualTo(tree.toString());
  }

  @Example
  void shouldKeepVendorValuesReadBackUnchanged() throws Exception {
    String vendor =
        "{\"a\":[1,2.5,-3e-7,true,null,{}],\"b\":\"tab\\there \\u0001 \\\"q\\\" é 漢\",\"c\":[]}";
    JsonNode tree = JsonMapper.builder().build().readTree(vendor);

    assertThat(Json.compact(tree)).isEqualTo(tree.toString());
    assertThat(JsonMapper.builder().build().readTree(Json.compact(tree))).isEqualTo(tree);
  }

  @Provide
  Arbitrary<JsonNode> trees() {
    return tree(3);
  }

  private Arbitrary<JsonNode> tree(int depth) {
    if (depth == 0) {
      return leaf();
    }
    Arbitrary<JsonNode> below = tree(depth - 1);
    return Arbitraries.frequencyOf(
        Tuple.of(2, leaf()), Tuple.of(1, array(below)), Tuple.of(1, object(below)));
  }

  private Arbitrary<JsonNode> leaf() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(20).map(NODES::textNode),
        Arbitraries.integers().map(NODES::numberNode),
        Arbitraries.longs().map(NODES::numberNode),
        Arbitraries.doubles().map(NODES::numberNode),
        Arbitraries.of(true, false).map(NODES::booleanNode),
        Arbitraries.just(NODES.nullNode()));
  }

  private static Arbitrary<JsonNode> array(Arbitrary<JsonNode> items) {
    return items
        .list()
        .ofMaxSize(4)
        .map(
            (List<JsonNode> elements) -> {
              ArrayNode array = NODES.arrayNode();
              elements.forEach(array::add);
              return array;
            });
  }

  private static Arbitrary<JsonNode> object(Arbitrary<JsonNode> values) {
    return Arbitraries.maps(Arbitraries.strings().ofMaxLength(8), values)
        .ofMaxSize(4)
        .map(
            fields -> {
              ObjectNode object = NODES.objectNode();
              object.setAll(fields);
              return object;
            });
  }
}
