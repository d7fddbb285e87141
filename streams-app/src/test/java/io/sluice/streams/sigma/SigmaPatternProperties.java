package io.sluice.streams.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.streams.testing.ArbitraryJson;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of the string machinery against independent oracles, and hostile records. */
class SigmaPatternProperties {

  @Provide
  Arbitrary<String> patterns() {
    return Arbitraries.strings().withChars("aAbB*?\\.").ofMaxLength(8);
  }

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.strings().withChars("aAbB*?\\.").ofMaxLength(12);
  }

  /** Sigma's escaping and wildcards written as a java.util.regex, the oracle. */
  private static Pattern oracle(String sigma, boolean cased) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < sigma.length(); i++) {
      char c = sigma.charAt(i);
      if (c == '\\' && i + 1 < sigma.length() && "*?\\".indexOf(sigma.charAt(i + 1)) >= 0) {
        regex.append(Pattern.quote(String.valueOf(sigma.charAt(++i))));
      } else if (c == '*') {
        regex.append(".*");
      } else if (c == '?') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(
        regex.toString(), cased ? Pattern.DOTALL : Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
  }

  @Property(tries = 2000)
  void shouldMatchWildcardsAsTheRegexOracle(
      @ForAll("patterns") String pattern, @ForAll("texts") String text, @ForAll boolean cased) {
    Glob glob = new Glob(SigmaString.parse(pattern), cased);

    assertThat(glob.matches(text))
        .as("'%s' ~ '%s'", pattern, text)
        .isEqualTo(oracle(pattern, cased).matcher(text).matches());
  }

  @Property(tries = 500)
  void shouldFindABase64offsetFormInEveryEncodingThatHoldsTheValue(
      @ForAll byte[] prefix, @ForAll byte[] suffix, @ForAll("values") byte[] value) {
    byte[] whole = new byte[prefix.length + value.length + suffix.length];
    System.arraycopy(prefix, 0, whole, 0, prefix.length);
    System.arraycopy(value, 0, whole, prefix.length, value.length);
    System.arraycopy(suffix, 0, whole, prefix.length + value.length, suffix.length);
    String encoded = Base64.getEncoder().encodeToString(whole);

    List<String> forms = ValueCompiler.base64Offsets(value);

    assertThat(forms).hasSize(3).allSatisfy(form -> assertThat(form).isNotEmpty());
    assertThat(encoded).contains(forms.get(prefix.length % 3));
  }

  @Provide
  Arbitrary<byte[]> values() {
    return Arbitraries.bytes().array(byte[].class).ofMinSize(2).ofMaxSize(20);
  }

  @Provide
  Arbitrary<JsonNode> hostile() {
    return ArbitraryJson.values(4);
  }

  @Property(tries = 300)
  void shouldJudgeARecordByTheFieldsItReadsWhateverElseItHolds(@ForAll("hostile") JsonNode junk) {
    SigmaDetectionRule rule =
        SigmaRecords.oktaRule(
            """
            selection:
              eventType|contains: session
              actor.alternateId|re: '^a'
              client.ipAddress|cidr: 198.51.100.0/24
            filter:
              target.displayName|startswith: 'Okta Admin'
              securityContext.isProxy|exists: false
            condition: selection and not filter
            """);
    ObjectNode event = SigmaRecords.oktaFailedLogin();
    ((ObjectNode) event.at("/debugContext/debugData")).set("extra", junk);
    event.set("target", junk);

    rule.matches(junk); // a hostile record on its own must not throw either
    assertThat(rule.matches(event)).isTrue();
    assertThat(rule.fieldValue(event, "actor.alternateId")).isEqualTo("ann@corp.example");
  }
}
