package io.sluice.streams.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles one {@code field|modifier|…: value(s)} entry of a selection into a {@link RecordTest}.
 * Modifiers apply in the order written, as Sigma specifies ({@code |base64offset|contains} encodes,
 * then wraps in wildcards). Every problem is reported against the entry's key.
 */
final class ValueCompiler {
  /** windash turns each flag dash into five; past this many variants a value is refused. */
  static final int MAX_WINDASH_VARIANTS = 625;

  private static final Set<String> WILDCARDING = Set.of("contains", "startswith", "endswith");
  private static final Set<String> ENCODINGS = Set.of("wide", "utf16le", "utf16be", "utf16");
  private static final Set<String> TRANSFORMS =
      Set.of(
          "contains",
          "startswith",
          "endswith",
          "windash",
          "base64",
          "base64offset",
          "wide",
          "utf16le",
          "utf16be",
          "utf16");
  private static final Set<String> FLAGS = Set.of("all", "cased", "neq");
  private static final Set<String> TYPES =
      Set.of("re", "cidr", "exists", "lt", "lte", "gt", "gte", "fieldref");
  private static final Set<String> REGEX_FLAGS = Set.of("i", "m", "s");
  private static final Map<String, String> UNSUPPORTED =
      Map.of(
          "expand", "placeholders (%name%) need a lookup Sluice does not have",
          "minute", "time-part modifiers are not supported",
          "hour", "time-part modifiers are not supported",
          "day", "time-part modifiers are not supported",
          "week", "time-part modifiers are not supported",
          "month", "time-part modifiers are not supported",
          "year", "time-part modifiers are not supported");

  static final String SUPPORTED =
      "contains, startswith, endswith, all, cased, neq, re (with i, m, s), cidr, exists, lt, lte,"
          + " gt, gte, fieldref, windash, base64, base64offset, wide, utf16le, utf16be, utf16";

  private final FieldMapping mapping;
  private final Problems problems;

  ValueCompiler(FieldMapping mapping, Problems problems) {
    this.mapping = mapping;
    this.problems = problems;
  }

  /** The entry's test, or null when it has problems (all of them reported). */
  RecordTest compile(String path, String key, JsonNode value) {
    int before = problems.count();
    String[] parts = key.split("\\|", -1);
    String field = parts[0].strip();
    List<String> modifiers = modifiers(path, parts);
    List<JsonNode> values = values(path, value);
    if (problems.count() > before) {
      return null;
    }
    boolean all = modifiers.contains("all");
    boolean cased = modifiers.contains("cased");
    boolean neq = modifiers.contains("neq");
    if (all && values.size() < 2) {
      problems.add(path, "'all' needs a list of two or more values");
      return null;
    }
    String type = null;
    for (String m : modifiers) {
      if (TYPES.contains(m)) {
        type = m;
      }
    }
    if (field.isEmpty()) {
      return keyword(path, modifiers, values, all, cased);
    }
    RecordTest.EntryField entry =
        new RecordTest.EntryField(mapping.resolve(field), field, String.join("|", modifiers));
    RecordTest test;
    if (type == null) {
      test = plain(path, entry, modifiers, values, all, cased);
    } else {
      test =
          switch (type) {
            case "exists" -> exists(path, entry, modifiers, values);
            case "fieldref" -> fieldref(path, entry.resolver(), modifiers, values, all, cased);
            default -> typed(path, type, entry, modifiers, values, all);
          };
    }
    if (test == null || problems.count() > before) {
      return null;
    }
    return neq ? RecordTest.not(test) : test;
  }

  private List<String> modifiers(String path, String[] parts) {
    List<String> out = new ArrayList<>();
    String type = null;
    String wildcarding = null;
    String base64 = null;
    boolean afterRegex = false;
    boolean pendingEncoding = false;
    for (int i = 1; i < parts.length; i++) {
      String m = parts[i];
      if (out.contains(m)) {
        problems.add(path, "modifier '" + m + "' is given twice");
        continue;
      }
      if (UNSUPPORTED.containsKey(m)) {
        problems.add(path, "modifier '" + m + "' is not supported: " + UNSUPPORTED.get(m));
        continue;
      }
      if (REGEX_FLAGS.contains(m)) {
        if (!afterRegex) {
          problems.add(path, "modifier '" + m + "' only follows 're'");
        }
        out.add(m);
        continue;
      }
      afterRegex = false;
      if (!TRANSFORMS.contains(m) && !FLAGS.contains(m) && !TYPES.contains(m)) {
        problems.add(path, "unknown modifier '" + m + "' (supported: " + SUPPORTED + ")");
        continue;
      }
      if (TYPES.contains(m)) {
        if (type != null) {
          problems.add(path, "modifiers '" + type + "' and '" + m + "' cannot be combined");
        }
        type = m;
        afterRegex = m.equals("re");
      }
      if (WILDCARDING.contains(m)) {
        if (wildcarding != null) {
          problems.add(path, "modifiers '" + wildcarding + "' and '" + m + "' cannot be combined");
        }
        wildcarding = m;
      }
      if (m.equals("base64") || m.equals("base64offset")) {
        if (base64 != null) {
          problems.add(path, "modifiers '" + base64 + "' and '" + m + "' cannot be combined");
        }
        base64 = m;
        pendingEncoding = false;
      }
      if (ENCODINGS.contains(m)) {
        pendingEncoding = true;
      }
      out.add(m);
    }
    if (pendingEncoding) {
      problems.add(path, "the utf16 modifiers (wide, utf16le, utf16be, utf16) must precede base64");
    }
    if (type != null) {
      for (String m : out) {
        if (TRANSFORMS.contains(m)
            || (m.equals("cased") && !type.equals("fieldref"))
            || (m.equals("neq") && !type.equals("fieldref"))) {
          problems.add(path, "modifiers '" + type + "' and '" + m + "' cannot be combined");
        }
      }
    }
    return out;
  }

  private List<JsonNode> values(String path, JsonNode value) {
    List<JsonNode> out = new ArrayList<>();
    if (value.isArray()) {
      if (value.isEmpty()) {
        problems.add(path, "empty list of values");
      }
      for (JsonNode item : value) {
        if (item.isContainerNode()) {
          problems.add(path, "a value list holds values, not lists or mappings");
        } else {
          out.add(item);
        }
      }
    } else if (value.isObject()) {
      problems.add(path, "a field takes a value or a list of values, not a mapping");
    } else {
      out.add(value);
    }
    return out;
  }

  /** Values matched as Sigma strings, numbers, booleans or null: the default, no type modifier. */
  private RecordTest plain(
      String path,
      RecordTest.EntryField field,
      List<String> modifiers,
      List<JsonNode> values,
      boolean all,
      boolean cased) {
    boolean transforms = modifiers.stream().anyMatch(TRANSFORMS::contains);
    List<RecordTest> perValue = new ArrayList<>();
    List<LeafTest> leafTests = new ArrayList<>();
    List<JsonNode> nonNull = new ArrayList<>();
    boolean anyNull = false;
    for (JsonNode value : values) {
      if (value.isNull()) {
        if (transforms) {
          problems.add(path, "null cannot take the modifiers " + modifiers);
          return null;
        }
        anyNull = true;
        perValue.add(RecordTest.isNull(field));
        continue;
      }
      LeafTest leaf;
      if (value.isBoolean() && !transforms) {
        leaf = LeafTests.bool(value.booleanValue());
      } else if (value.isBoolean()) {
        problems.add(path, "a boolean cannot take the modifiers " + modifiers);
        return null;
      } else if (value.isNumber() && !transforms) {
        leaf = LeafTests.number(value);
      } else {
        leaf = strings(path, value.asText(), modifiers, cased);
        if (leaf == null) {
          return null;
        }
      }
      leafTests.add(leaf);
      nonNull.add(value);
      perValue.add(RecordTest.anyValue(field, leaf, List.of(value)));
    }
    if (all) {
      return RecordTest.and(perValue);
    }
    // One walk of the path for all non-null values, OR-ed with the null test if there is one.
    List<RecordTest> or = new ArrayList<>();
    if (!leafTests.isEmpty()) {
      or.add(RecordTest.anyValue(field, LeafTests.anyOf(leafTests), nonNull));
    }
    if (anyNull) {
      or.add(RecordTest.isNull(field));
    }
    return RecordTest.or(or);
  }

  /** A string value through its transformations, as one leaf test over its variants. */
  private LeafTest strings(String path, String text, List<String> modifiers, boolean cased) {
    List<SigmaString> variants = List.of(SigmaString.parse(text));
    Charset charset = StandardCharsets.UTF_8;
    boolean bom = false;
    boolean encoded = false;
    for (String m : modifiers) {
      List<SigmaString> next = new ArrayList<>();
      switch (m) {
        case "contains" -> variants.forEach(v -> next.add(v.withLeadingStar().withTrailingStar()));
        case "startswith" -> variants.forEach(v -> next.add(v.withTrailingStar()));
        case "endswith" -> variants.forEach(v -> next.add(v.withLeadingStar()));
        case "windash" -> {
          for (SigmaString v : variants) {
            List<SigmaString> dashed = v.windashVariants(MAX_WINDASH_VARIANTS);
            if (dashed == null) {
              problems.add(
                  path, "windash would make more than " + MAX_WINDASH_VARIANTS + " variants");
              return null;
            }
            next.addAll(dashed);
          }
        }
        case "wide", "utf16le" -> {
          charset = StandardCharsets.UTF_16LE;
          next.addAll(variants);
        }
        case "utf16be" -> {
          charset = StandardCharsets.UTF_16BE;
          next.addAll(variants);
        }
        case "utf16" -> {
          charset = StandardCharsets.UTF_16LE;
          bom = true;
          next.addAll(variants);
        }
        case "base64", "base64offset" -> {
          for (SigmaString v : variants) {
            if (v.hasWildcards()) {
              problems.add(path, "'" + m + "' cannot encode a value with wildcards: " + text);
              return null;
            }
            byte[] bytes = bytes(v.text(), charset, bom);
            if (m.equals("base64")) {
              next.add(SigmaString.plain(Base64.getEncoder().encodeToString(bytes)));
            } else if (bytes.length < 2) {
              problems.add(path, "'base64offset' needs a value of two bytes or more");
              return null;
            } else {
              base64Offsets(bytes).forEach(o -> next.add(SigmaString.plain(o)));
            }
          }
          encoded = true;
        }
        default -> next.addAll(variants);
      }
      variants = next;
    }
    // Base64 text is case-sensitive by nature: matching it ignoring case would find other bytes.
    boolean caseSensitive = cased || encoded;
    Set<String> seen = new LinkedHashSet<>();
    List<LeafTest> tests = new ArrayList<>();
    for (SigmaString v : variants) {
      if (seen.add(v.toString())) {
        tests.add(LeafTests.glob(new Glob(v, caseSensitive)));
      }
    }
    return LeafTests.anyOf(tests);
  }

  private static byte[] bytes(String text, Charset charset, boolean bom) {
    byte[] body = text.getBytes(charset);
    if (!bom) {
      return body;
    }
    byte[] out = new byte[body.length + 2];
    out[0] = (byte) 0xFF;
    out[1] = (byte) 0xFE;
    System.arraycopy(body, 0, out, 2, body.length);
    return out;
  }

  /**
   * The three forms a byte string takes inside any longer base64 text, one per alignment of its
   * first byte in a 3-byte group: the value is encoded behind 0, 1 or 2 filler bytes, and the
   * characters that also depend on bytes before or after it are cut off (2 or 3 at the start for an
   * offset of 1 or 2; 3 or 2 at the end, padding included, when the value ends 1 or 2 bytes into a
   * group).
   */
  static List<String> base64Offsets(byte[] value) {
    int[] cutStart = {0, 2, 3};
    int[] cutEnd = {0, 3, 2};
    List<String> out = new ArrayList<>();
    for (int shift = 0; shift < 3; shift++) {
      byte[] shifted = new byte[shift + value.length];
      System.arraycopy(value, 0, shifted, shift, value.length);
      String encoded = Base64.getEncoder().encodeToString(shifted);
      int end = encoded.length() - cutEnd[(value.length + shift) % 3];
      out.add(encoded.substring(cutStart[shift], end));
    }
    return out;
  }

  private RecordTest exists(
      String path, RecordTest.EntryField field, List<String> modifiers, List<JsonNode> values) {
    if (modifiers.size() > 1) {
      problems.add(path, "'exists' takes no other modifier");
      return null;
    }
    if (values.size() != 1 || !values.get(0).isBoolean()) {
      problems.add(path, "'exists' takes true or false");
      return null;
    }
    return RecordTest.exists(field, values.get(0).booleanValue());
  }

  private RecordTest fieldref(
      String path,
      FieldResolver field,
      List<String> modifiers,
      List<JsonNode> values,
      boolean all,
      boolean cased) {
    List<RecordTest> tests = new ArrayList<>();
    for (JsonNode value : values) {
      if (!value.isTextual() || value.textValue().isBlank()) {
        problems.add(path, "'fieldref' takes the name of another field");
        return null;
      }
      tests.add(RecordTest.sameAs(field, mapping.resolve(value.textValue().strip()), cased));
    }
    return all ? RecordTest.and(tests) : RecordTest.or(tests);
  }

  /** re, cidr, lt/lte/gt/gte: one leaf test per value. */
  private RecordTest typed(
      String path,
      String type,
      RecordTest.EntryField field,
      List<String> modifiers,
      List<JsonNode> values,
      boolean all) {
    List<LeafTest> tests = new ArrayList<>();
    for (JsonNode value : values) {
      LeafTest test = typedLeaf(path, type, modifiers, value);
      if (test == null) {
        return null;
      }
      tests.add(test);
    }
    if (!all) {
      return RecordTest.anyValue(field, LeafTests.anyOf(tests), values);
    }
    List<RecordTest> each = new ArrayList<>();
    for (int i = 0; i < tests.size(); i++) {
      each.add(RecordTest.anyValue(field, tests.get(i), List.of(values.get(i))));
    }
    return RecordTest.and(each);
  }

  private LeafTest typedLeaf(String path, String type, List<String> modifiers, JsonNode value) {
    switch (type) {
      case "re" -> {
        if (!value.isTextual()) {
          problems.add(path, "'re' takes a regular expression as text");
          return null;
        }
        int flags = 0;
        flags |= modifiers.contains("i") ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0;
        flags |= modifiers.contains("m") ? Pattern.MULTILINE : 0;
        flags |= modifiers.contains("s") ? Pattern.DOTALL : 0;
        try {
          return LeafTests.regex(Pattern.compile(value.textValue(), flags));
        } catch (PatternSyntaxException e) {
          problems.add(path, "bad regular expression: " + e.getDescription());
          return null;
        }
      }
      case "cidr" -> {
        Cidr network = value.isTextual() ? Cidr.parse(value.textValue()) : null;
        if (network == null) {
          problems.add(
              path, "'cidr' takes a network such as 10.0.0.0/8, got " + YamlValues.show(value));
          return null;
        }
        return LeafTests.cidr(network);
      }
      default -> {
        if (!value.isNumber()) {
          problems.add(path, "'" + type + "' takes a number, got " + YamlValues.show(value));
          return null;
        }
        LeafTests.Compare op =
            switch (type) {
              case "lt" -> LeafTests.Compare.LT;
              case "lte" -> LeafTests.Compare.LTE;
              case "gt" -> LeafTests.Compare.GT;
              default -> LeafTests.Compare.GTE;
            };
        return LeafTests.compare(op, value.doubleValue());
      }
    }
  }

  /** A value without a field: searched for in every value of the record, as a substring. */
  private RecordTest keyword(
      String path, List<String> modifiers, List<JsonNode> values, boolean all, boolean cased) {
    for (String m : modifiers) {
      if (!TRANSFORMS.contains(m) && !m.equals("all") && !m.equals("cased")) {
        problems.add(path, "a keyword (a value without a field) cannot take '" + m + "'");
        return null;
      }
    }
    List<RecordTest> tests = new ArrayList<>();
    for (JsonNode value : values) {
      if (!value.isTextual() && !value.isNumber()) {
        problems.add(path, "a keyword must be text, got " + YamlValues.show(value));
        return null;
      }
      List<String> wrapped = new ArrayList<>(modifiers);
      if (modifiers.stream().noneMatch(WILDCARDING::contains)) {
        wrapped.add("contains");
      }
      LeafTest leaf = strings(path, value.asText(), wrapped, cased);
      if (leaf == null) {
        return null;
      }
      tests.add(RecordTest.anywhere(leaf));
    }
    return all ? RecordTest.and(tests) : RecordTest.or(tests);
  }
}
