package io.sluice.streams.sigma;

import static io.sluice.streams.sigma.SigmaRecords.falconAlert;
import static io.sluice.streams.sigma.SigmaRecords.mimecastClick;
import static io.sluice.streams.sigma.SigmaRecords.oktaAdminConsoleSignOn;
import static io.sluice.streams.sigma.SigmaRecords.oktaFailedLogin;
import static io.sluice.streams.sigma.SigmaRecords.oktaRule;
import static io.sluice.streams.sigma.SigmaRecords.rule;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Values and modifiers of detection selections, each against raw vendor records: every "does not
 * match" stands next to the record that does.
 */
class SigmaValueMatchingTest {

  private static SigmaDetectionRule falconRule(String detection) {
    return rule("crowdstrike", "alerts", detection);
  }

  @Nested
  class PlainValues {
    @Test
    void shouldMatchStringsIgnoringCase() {
      SigmaDetectionRule rule =
          oktaRule(
              """
              selection:
                eventType: USER.Session.Start
                outcome.result: failure
              condition: selection
              """);
      ObjectNode success = oktaFailedLogin();
      ((ObjectNode) success.get("outcome")).put("result", "SUCCESS");

      assertThat(rule.matches(oktaFailedLogin())).isTrue();
      assertThat(rule.matches(success)).isFalse();
    }

    @Test
    void shouldRequireEveryFieldOfAMapAndAnyValueOfAList() {
      SigmaDetectionRule rule =
          oktaRule(
              """
              selection:
                eventType:
                  - user.account.lock
                  - user.session.start
                client.geographicalContext.country: United States
              condition: selection
              """);
      ObjectNode elsewhere = oktaFailedLogin();
      ((ObjectNode) elsewhere.at("/client/geographicalContext")).put("country", "Romania");
      ObjectNode other = oktaFailedLogin().put("eventType", "user.session.end");

      assertThat(rule.matches(oktaFailedLogin())).isTrue();
      assertThat(rule.matches(elsewhere)).isFalse();
      assertThat(rule.matches(other)).isFalse();
    }

    @Test
    void shouldOrTheMapsOfAList() {
      SigmaDetectionRule rule =
          oktaRule(
              """
              selection:
                - eventType: user.account.lock
                - outcome.reason: INVALID_CREDENTIALS
              condition: selection
              """);
      ObjectNode neither = oktaFailedLogin();
      ((ObjectNode) neither.get("outcome")).put("reason", "VERIFICATION_ERROR");

      assertThat(rule.matches(oktaFailedLogin())).isTrue();
      assertThat(rule.matches(neither)).isFalse();
      assertThat(rule.matches(neither.put("eventType", "user.account.lock"))).isTrue();
    }

    @Test
    void shouldMatchTheQuotedTextTrueAndTheBooleanTrueAgainstAJsonBoolean() {
      SigmaDetectionRule quoted =
          oktaRule(
              """
              selection:
                securityContext.isProxy: 'true'
              condition: selection
              """);
      SigmaDetectionRule bare =
          oktaRule(
              """
              selection:
                securityContext.isProxy: true
              condition: selection
              """);
      ObjectNode proxied = oktaFailedLogin();
      ((ObjectNode) proxied.get("securityContext")).put("isProxy", true);
      ObjectNode notProxied = oktaFailedLogin();
      ((ObjectNode) notProxied.get("securityContext")).put("isProxy", false);
      ObjectNode proxiedAsText = oktaFailedLogin();
      ((ObjectNode) proxiedAsText.get("securityContext")).put("isProxy", "TRUE");

      assertThat(quoted.matches(proxied)).isTrue();
      assertThat(bare.matches(proxied)).isTrue();
      assertThat(bare.matches(proxiedAsText)).isTrue();
      assertThat(quoted.matches(notProxied)).isFalse();
      assertThat(bare.matches(notProxied)).isFalse();
      assertThat(quoted.matches(oktaFailedLogin())).as("isProxy is null").isFalse();
    }

    @Test
    void shouldMatchNumbersAgainstJsonNumbersAndTheirText() {
      SigmaDetectionRule number =
          falconRule(
              """
              selection:
                severity: 70
              condition: selection
              """);
      SigmaDetectionRule text =
          falconRule(
              """
              selection:
                severity: '70'
              condition: selection
              """);
      ObjectNode textual = falconAlert().put("severity", "70");
      ObjectNode lower = falconAlert().put("severity", 30);

      assertThat(number.matches(falconAlert())).isTrue();
      assertThat(number.matches(falconAlert().put("severity", 70.0))).isTrue();
      assertThat(number.matches(textual)).isTrue();
      assertThat(text.matches(falconAlert())).isTrue();
      assertThat(number.matches(lower)).isFalse();
      assertThat(text.matches(lower)).isFalse();
    }

    @Test
    void shouldMatchNullWhenTheFieldIsAbsentOrNull() {
      SigmaDetectionRule rule =
          oktaRule(
              """
              selection:
                securityContext.isp: null
              condition: selection
              """);
      ObjectNode absent = oktaFailedLogin();
      ((ObjectNode) absent.get("securityContext")).remove("isp");
      ObjectNode set = oktaFailedLogin();
      ((ObjectNode) set.get("securityContext")).put("isp", "Example Telecom");

      assertThat(rule.matches(oktaFailedLogin())).isTrue();
      assertThat(rule.matches(absent)).isTrue();
      assertThat(rule.matches(set)).isFalse();
    }

    @Test
    void shouldMatchTheEmptyStringOnlyAgainstAnEmptyValue() {
      SigmaDetectionRule rule =
          oktaRule(
              """
              selection:
                client.zone: ''
              condition: selection
              """);
      ObjectNode empty = oktaFailedLogin();
      ((ObjectNode) empty.get("client")).put("zone", "");

      assertThat(rule.matches(empty)).isTrue();
      assertThat(rule.matches(oktaFailedLogin())).isFalse();
    }

    @Test
    void shouldSearchArraysElementByElement() {
      SigmaDetectionRule rule =
          oktaRule(
              """
              selection:
                target.displayName: Catch-all Rule
                request.ipChain.ip: 198.51.100.77
              condition: selection
              """);
      ObjectNode other = oktaAdminConsoleSignOn("{}");
      ((ObjectNode) other.at("/target/1")).put("displayName", "Admins only");

      assertThat(rule.matches(oktaAdminConsoleSignOn("{}"))).isTrue();
      assertThat(rule.matches(other)).isFalse();
    }

    @Test
    void shouldMatchAValueThatIsAnArrayIfAnyElementMatches() {
      SigmaDetectionRule rule =
          rule(
              "mimecast",
              "ttp-url",
              """
              selection:
                emailPartsDescription: Attachment
              condition: selection
              """);
      ObjectNode both = mimecastClick();
      both.putArray("emailPartsDescription").add("Body").add("Attachment");

      assertThat(rule.matches(both)).isTrue();
      assertThat(rule.matches(mimecastClick())).isFalse();
    }

    @Test
    void shouldFindFieldsWhoseNameDiffersInCase() {
      SigmaDetectionRule rule =
          oktaRule(
              """
              selection:
                legacyeventtype: core.user_auth.login_failed
                ACTOR.alternateid: ann@corp.example
              condition: selection
              """);

      assertThat(rule.matches(oktaFailedLogin())).isTrue();
      assertThat(
              rule.matches(
                  oktaFailedLogin().put("legacyEventType", "core.user_auth.login_success")))
          .isFalse();
    }

    @Test
    void shouldReadAKeyThatContainsDotsAsOneKey() {
      SigmaDetectionRule rule =
          oktaRule(
              """
              selection:
                debugContext.debugData.requestUri: /api/v1/authn
              condition: selection
              """);
      ObjectNode flattened = oktaFailedLogin();
      flattened.remove("debugContext");
      flattened.put("debugContext.debugData.requestUri", "/api/v1/authn");

      assertThat(rule.matches(flattened)).isTrue();
      assertThat(rule.matches(flattened.put("debugContext.debugData.requestUri", "/login")))
          .isFalse();
    }

    @Test
    void shouldNeverMatchAnObjectAgainstAValue() {
      SigmaDetectionRule rule =
          oktaRule(
              """
              selection:
                outcome: FAILURE
              condition: selection
              """);

      assertThat(rule.matches(oktaFailedLogin())).isFalse();
      assertThat(rule.matches(oktaFailedLogin().put("outcome", "FAILURE"))).isTrue();
    }
  }

  @Nested
  class Wildcards {
    @Test
    void shouldMatchStarAndQuestionMark() {
      SigmaDetectionRule rule =
          oktaRule(
              """
              selection:
                eventType: user.*.st?rt
              condition: selection
              """);

      assertThat(rule.matches(oktaFailedLogin())).isTrue();
      assertThat(rule.matches(oktaFailedLogin().put("eventType", "user.session.stt"))).isFalse();
      assertThat(rule.matches(oktaFailedLogin().put("eventType", "app.session.start"))).isFalse();
    }

    @Test
    void shouldTreatEscapedWildcardsAsPlainCharacters() {
      SigmaDetectionRule rule =
          oktaRule(
              """
              selection:
                displayMessage: 'Grant \\* to \\?'
              condition: selection
              """);

      assertThat(rule.matches(oktaFailedLogin().put("displayMessage", "Grant * to ?"))).isTrue();
      assertThat(rule.matches(oktaFailedLogin().put("displayMessage", "Grant all to x"))).isFalse();
    }

    @Test
    void shouldReadBackslashesAsSigmaSpecifies() {
      // Single-quoted YAML keeps backslashes as written. Sigma then reads \\* as a backslash and
      // a wildcard, \* as a plain star and \\\* as a backslash and a plain star; a backslash
      // before anything else is a plain backslash.
      SigmaDetectionRule pathThenWildcard =
          falconRule(
              """
              selection:
                filepath: '\\Device\\HarddiskVolume3\\Windows\\\\*'
              condition: selection
              """);
      SigmaDetectionRule plainStar =
          falconRule(
              """
              selection:
                user_name: 'CORP\\*'
              condition: selection
              """);
      SigmaDetectionRule backslashThenStar =
          falconRule(
              """
              selection:
                user_name: 'CORP\\\\\\*'
              condition: selection
              """);

      assertThat(pathThenWildcard.matches(falconAlert())).isTrue();
      assertThat(
              pathThenWildcard.matches(
                  falconAlert().put("filepath", "\\Device\\HarddiskVolume3\\Users\\x")))
          .isFalse();
      assertThat(plainStar.matches(falconAlert())).isFalse();
      assertThat(plainStar.matches(falconAlert().put("user_name", "CORP*"))).isTrue();
      assertThat(backslashThenStar.matches(falconAlert())).isFalse();
      assertThat(backslashThenStar.matches(falconAlert().put("user_name", "CORP\\*"))).isTrue();
    }
  }

  @Nested
  class StringModifiers {
    @Test
    void shouldMatchContainsStartswithEndswith() {
      SigmaDetectionRule rule =
          falconRule(
              """
              selection:
                cmdline|contains: '-encodedcommand'
                filename|startswith: POWER
                filepath|endswith: '\\powershell.exe'
              condition: selection
              """);

      assertThat(rule.matches(falconAlert())).isTrue();
      assertThat(rule.matches(falconAlert().put("cmdline", "powershell.exe -File run.ps1")))
          .isFalse();
      assertThat(rule.matches(falconAlert().put("filename", "pwsh.exe"))).isFalse();
      assertThat(rule.matches(falconAlert().put("filepath", "\\powershell.exe.bak"))).isFalse();
    }

    @Test
    void shouldKeepWildcardsInsideAContainsValue() {
      SigmaDetectionRule rule =
          falconRule(
              """
              selection:
                cmdline|contains: '-NoProfile*-EncodedCommand'
              condition: selection
              """);

      assertThat(rule.matches(falconAlert())).isTrue();
      assertThat(rule.matches(falconAlert().put("cmdline", "powershell -EncodedCommand x")))
          .isFalse();
    }

    @Test
    void shouldRequireEveryValueWithAll() {
      SigmaDetectionRule rule =
          falconRule(
              """
              selection:
                cmdline|contains|all:
                  - '-NoProfile'
                  - '-EncodedCommand'
              condition: selection
              """);

      assertThat(rule.matches(falconAlert())).isTrue();
      assertThat(rule.matches(falconAlert().put("cmdline", "powershell.exe -NoProfile -File x")))
          .isFalse();
    }

    @Test
    void shouldMatchCaseSensitivelyWithCased() {
      SigmaDetectionRule rule =
          falconRule(
              """
              selection:
                cmdline|contains|cased: '-EncodedCommand'
              condition: selection
              """);

      assertThat(rule.matches(falconAlert())).isTrue();
      assertThat(rule.matches(falconAlert().put("cmdline", "powershell -encodedcommand x")))
          .isFalse();
    }

    @Test
    void shouldMakeFlagDashesInterchangeableWithWindash() {
      SigmaDetectionRule rule =
          falconRule(
              """
              selection:
                cmdline|windash|contains: ' -EncodedCommand '
              condition: selection
              """);

      assertThat(rule.matches(falconAlert())).isTrue();
      assertThat(rule.matches(falconAlert().put("cmdline", "powershell /EncodedCommand SQBF")))
          .isTrue();
      assertThat(rule.matches(falconAlert().put("cmdline", "powershell \u2013EncodedCommand SQBF")))
          .isTrue();
      assertThat(rule.matches(falconAlert().put("cmdline", "powershell +EncodedCommand SQBF")))
          .isFalse();
    }

    @Test
    void shouldLeaveADashInsideAWordAloneWithWindash() {
      SigmaDetectionRule rule =
          falconRule(
              """
              selection:
                cmdline|windash: 'tool -param-name'
              condition: selection
              """);

      assertThat(rule.matches(falconAlert().put("cmdline", "tool /param-name"))).isTrue();
      assertThat(rule.matches(falconAlert().put("cmdline", "tool /param/name"))).isFalse();
    }

    @Test
    void shouldFindABase64EncodedValue() {
      String encoded =
          Base64.getEncoder().encodeToString("evil.example".getBytes(StandardCharsets.UTF_8));
      SigmaDetectionRule rule =
          falconRule(
              """
              selection:
                cmdline|base64|contains: 'evil.example'
              condition: selection
              """);

      assertThat(rule.matches(falconAlert().put("cmdline", "run -e " + encoded + " now"))).isTrue();
      assertThat(rule.matches(falconAlert().put("cmdline", "run -e " + encoded.toLowerCase())))
          .as("base64 text is matched case-sensitively")
          .isFalse();
    }

    @Test
    void shouldFindAValueInsideALongerBase64TextWithBase64offset() {
      SigmaDetectionRule rule =
          falconRule(
              """
              selection:
                cmdline|base64offset|contains: 'Invoke-Expression'
              condition: selection
              """);
      for (String prefix : new String[] {"", "x", "xy", "IEX; "}) {
        String encoded =
            Base64.getEncoder()
                .encodeToString(
                    (prefix + "Invoke-Expression (New-Object Net.WebClient)")
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(rule.matches(falconAlert().put("cmdline", "powershell -enc " + encoded)))
            .as("after %d bytes", prefix.length())
            .isTrue();
      }
      assertThat(rule.matches(falconAlert())).isFalse();
    }

    @Test
    void shouldFindUtf16EncodedPowerShellWithWideBase64offset() {
      // -EncodedCommand takes UTF-16LE: SQBFAFgA... in the alert is "IEX (New-Object)".
      SigmaDetectionRule rule =
          falconRule(
              """
              selection:
                cmdline|wide|base64offset|contains: 'New-Object'
              condition: selection
              """);

      assertThat(rule.matches(falconAlert())).isTrue();
      assertThat(
              rule.matches(
                  falconAlert().put("cmdline", "powershell -EncodedCommand SQBFAFgAIAAoAA==")))
          .isFalse();
    }
  }

  @Nested
  class TypeModifiers {
    @Test
    void shouldMatchRegularExpressionsCaseSensitivelyUnlessI() {
      SigmaDetectionRule sensitive =
          oktaRule(
              """
              selection:
                actor.alternateId|re: '^[a-z]+@corp\\.example$'
              condition: selection
              """);
      SigmaDetectionRule insensitive =
          oktaRule(
              """
              selection:
                actor.alternateId|re|i: '^[a-z]+@corp\\.example$'
              condition: selection
              """);
      ObjectNode upper = oktaFailedLogin();
      ((ObjectNode) upper.get("actor")).put("alternateId", "ANN@corp.example");

      assertThat(sensitive.matches(oktaFailedLogin())).isTrue();
      assertThat(sensitive.matches(upper)).isFalse();
      assertThat(insensitive.matches(upper)).isTrue();
    }

    @Test
    void shouldFindARegularExpressionAnywhereInTheValue() {
      SigmaDetectionRule rule =
          oktaRule(
              """
              selection:
                client.userAgent.rawUserAgent|re: 'Mac(intosh)?'
              condition: selection
              """);
      ObjectNode windows = oktaFailedLogin();
      ((ObjectNode) windows.at("/client/userAgent")).put("rawUserAgent", "Mozilla/5.0 (Windows)");

      assertThat(rule.matches(oktaFailedLogin())).isTrue();
      assertThat(rule.matches(windows)).isFalse();
    }

    @Test
    void shouldMatchIpv4AndIpv6Networks() {
      SigmaDetectionRule rule =
          oktaRule(
              """
              selection:
                client.ipAddress|cidr:
                  - 198.51.100.0/24
                  - '2001:db8::/32'
              condition: selection
              """);
      ObjectNode v6 = oktaFailedLogin();
      ((ObjectNode) v6.get("client")).put("ipAddress", "2001:db8:0:1::7");
      ObjectNode outside = oktaFailedLogin();
      ((ObjectNode) outside.get("client")).put("ipAddress", "198.51.101.77");
      ObjectNode hostName = oktaFailedLogin();
      ((ObjectNode) hostName.get("client")).put("ipAddress", "localhost");

      assertThat(rule.matches(oktaFailedLogin())).isTrue();
      assertThat(rule.matches(v6)).isTrue();
      assertThat(rule.matches(outside)).isFalse();
      assertThat(rule.matches(hostName)).isFalse();
    }

    @Test
    void shouldTestPresenceWithExists() {
      SigmaDetectionRule present =
          oktaRule(
              """
              selection:
                securityContext.isProxy|exists: true
              condition: selection
              """);
      SigmaDetectionRule absent =
          oktaRule(
              """
              selection:
                securityContext.isProxy|exists: false
              condition: selection
              """);
      ObjectNode without = oktaFailedLogin();
      ((ObjectNode) without.get("securityContext")).remove("isProxy");

      assertThat(present.matches(oktaFailedLogin())).as("present with a null value").isTrue();
      assertThat(present.matches(without)).isFalse();
      assertThat(absent.matches(without)).isTrue();
      assertThat(absent.matches(oktaFailedLogin())).isFalse();
    }

    @Test
    void shouldCompareNumbers() {
      SigmaDetectionRule rule =
          falconRule(
              """
              selection:
                severity|gte: 60
                confidence|lt: 90
              condition: selection
              """);

      assertThat(rule.matches(falconAlert())).isTrue();
      assertThat(rule.matches(falconAlert().put("severity", 59))).isFalse();
      assertThat(rule.matches(falconAlert().put("confidence", 90))).isFalse();
      assertThat(rule.matches(falconAlert().put("confidence", "85"))).isTrue();
    }

    @Test
    void shouldMatchWhenNoValueEqualsWithNeq() {
      SigmaDetectionRule rule =
          falconRule(
              """
              selection:
                severity_name|neq:
                  - Low
                  - Informational
              condition: selection
              """);

      assertThat(rule.matches(falconAlert())).isTrue();
      assertThat(rule.matches(falconAlert().put("severity_name", "low"))).isFalse();
    }

    @Test
    void shouldCompareTwoFieldsWithFieldref() {
      SigmaDetectionRule rule =
          oktaRule(
              """
              selection:
                client.ipAddress|fieldref: request.ipChain.ip
              condition: selection
              """);
      ObjectNode proxied = oktaFailedLogin();
      ((ObjectNode) proxied.get("client")).put("ipAddress", "203.0.113.9");

      assertThat(rule.matches(oktaFailedLogin())).isTrue();
      assertThat(rule.matches(proxied)).isFalse();
    }
  }

  @Nested
  class Keywords {
    @Test
    void shouldFindAKeywordInAnyValueOfTheRecord() {
      SigmaDetectionRule rule =
          falconRule(
              """
              keywords:
                - 'Net.WebClient'
                - 'encoded command'
              condition: keywords
              """);

      assertThat(rule.matches(falconAlert())).as("in description").isTrue();
      assertThat(rule.matches(falconAlert().put("description", "A PowerShell script ran.")))
          .isFalse();
    }

    @Test
    void shouldRequireEveryKeywordWithAll() {
      SigmaDetectionRule rule =
          falconRule(
              """
              keywords:
                '|all':
                  - 'cmd.exe'
                  - 'run.bat'
              condition: keywords
              """);

      assertThat(rule.matches(falconAlert())).isTrue();
      assertThat(rule.matches(falconAlert().put("parent_details", "explorer.exe run.bat")))
          .isFalse();
    }
  }
}
