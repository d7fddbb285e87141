package io.sluice.streams.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik generators of hostile input for feed property tests: arbitrary JSON (wrong types, nulls,
 * deep nesting, huge strings), realistic records with fields replaced by such values, and raw bytes
 * that are not UTF-8 at all.
 */
public final class ArbitraryJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ArbitraryJson() {}

  /** Any JSON value up to the given nesting depth. */
  public static Arbitrary<JsonNode> values(int depth) {
    Arbitrary<JsonNode> scalars =
        Arbitraries.oneOf(
            Arbitraries.just(NODES.nullNode()),
            Arbitraries.of(true, false).map(NODES::booleanNode),
            Arbitraries.longs().map(NODES::numberNode),
            Arbitraries.doubles().map(NODES::numberNode),
            Arbitraries.strings().ofMaxLength(40).map(NODES::textNode),
            Arbitraries.of(
                    "2024-11-14T19:44:02+0000",
                    "2024-05-02T20:18:57.718Z",
                    "not a date",
                    "",
                    "0",
                    "1700000000000",
                    "9999-99-99T99:99:99Z")
                .map(NODES::textNode),
            Arbitraries.strings().ofMinLength(10_000).ofMaxLength(70_000).map(NODES::textNode));
    if (depth <= 0) {
      return scalars;
    }
    Arbitrary<JsonNode> nested = Arbitraries.lazy(() -> values(depth - 1));
    return Arbitraries.oneOf(
        scalars,
        nested.list().ofMaxSize(4).map(l -> NODES.arrayNode().addAll(l)),
        Arbitraries.maps(Arbitraries.strings().alpha().ofMaxLength(12), nested)
            .ofMaxSize(4)
            .map(
                m -> {
                  ObjectNode o = NODES.objectNode();
                  m.forEach(o::set);
                  return o;
                }));
  }

  /**
   * Realistic records with some of their fields (at any depth) replaced by arbitrary values or
   * removed: the shapes a mapper meets when a vendor changes or breaks a field.
   */
  public static Arbitrary<byte[]> mutationsOf(List<ObjectNode> realistic) {
    return Combinators.combine(
            Arbitraries.of(realistic),
            Arbitraries.integers().between(0, 1_000),
            values(2),
            Arbitraries.of(true, false))
        .as(
            (record, pick, replacement, remove) -> {
              ObjectNode copy = record.deepCopy();
              List<String> names = new java.util.ArrayList<>();
              copy.fieldNames().forEachRemaining(names::add);
              if (!names.isEmpty()) {
                String name = names.get(pick % names.size());
                if (remove) {
                  copy.remove(name);
                } else {
                  copy.set(name, replacement);
                }
              }
              return copy.toString().getBytes(StandardCharsets.UTF_8);
            });
  }

  /** Everything a property test should throw at a feed. */
  public static Arbitrary<byte[]> hostileInput(List<ObjectNode> realistic) {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(5, mutationsOf(realistic)),
        net.jqwik.api.Tuple.of(
            2, values(6).map(n -> n.toString().getBytes(StandardCharsets.UTF_8))),
        net.jqwik.api.Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(200)),
        net.jqwik.api.Tuple.of(
            1,
            Arbitraries.just("[[[[[[[[[[[[[[[[[[[[".repeat(60).getBytes(StandardCharsets.UTF_8))),
        net.jqwik.api.Tuple.of(
            1,
            Arbitraries.of(realistic)
                .map(
                    r -> {
                      byte[] bytes = r.toString().getBytes(StandardCharsets.UTF_8);
                      bytes[bytes.length / 2] = (byte) 0xC3; // a lone lead byte: invalid UTF-8
                      bytes[bytes.length / 2 + 1] = (byte) 0x28;
                      return bytes;
                    })));
  }
}
