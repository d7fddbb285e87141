package io.sluice.streams.sigma;

import static io.sluice.streams.sigma.SigmaRecords.oktaAdminConsoleSignOn;
import static io.sluice.streams.sigma.SigmaRecords.oktaFailedLogin;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.schemas.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SigmaHQ's published Okta rules, loaded unmodified (test resources sigma/sigmahq/okta, DRL 1.1,
 * see the NOTICE there), each against an Okta System Log record it must flag and one it must not.
 */
class SigmaHqOktaRulesTest {
  private static final List<String> FILES =
      List.of(
          "okta_admin_role_assigned_to_user_or_group.yml",
          "okta_fastpass_phishing_detection.yml",
          "okta_mfa_reset_or_deactivated.yml",
          "okta_new_behaviours_admin_console.yml",
          "okta_password_in_alternateid_field.yml",
          "okta_user_account_locked_out.yml",
          "okta_user_session_start_via_anonymised_proxy.yml");

  private static final Map<String, String> TEXTS = new LinkedHashMap<>();
  private static SigmaRuleSet rules;

  @BeforeAll
  static void load() {
    for (String file : FILES) {
      try (InputStream in =
          SigmaHqOktaRulesTest.class.getResourceAsStream("/sigma/sigmahq/okta/" + file)) {
        TEXTS.put("sigmahq/okta/" + file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    rules = new SigmaLoader().parse(TEXTS);
  }

  private static SigmaDetectionRule rule(String id) {
    return (SigmaDetectionRule) rules.rule(id).orElseThrow();
  }

  @Test
  void shouldLoadEveryRuleForTheOktaFeedWithItsAttribution() {
    assertThat(rules.detectionRules(SigmaFeed.OKTA_SYSTEM_LOG)).hasSize(FILES.size());
    assertThat(rules.alertingRules()).hasSize(FILES.size());
    assertThat(rules.detectionRules())
        .allSatisfy(r -> assertThat(r.metadata().author()).isPresent());
    assertThat(TEXTS.values()).allSatisfy(text -> assertThat(text).contains("\nauthor: "));
  }

  @Test
  void shouldFlagASessionFromAnAnonymisingProxy() {
    SigmaDetectionRule rule = rule("bde30855-5c53-4c18-ae90-1ff79ebc9578");
    ObjectNode proxied = oktaFailedLogin();
    ((ObjectNode) proxied.get("securityContext")).put("isProxy", true);

    assertThat(rule.matches(proxied)).isTrue();
    assertThat(rule.matches(oktaFailedLogin())).isFalse();
    assertThat(rule.severity()).isEqualTo(Severity.HIGH);
    assertThat(rule.attack()).containsExactly("T1685");
  }

  @Test
  void shouldFlagAPasswordTypedIntoTheUserNameField() {
    SigmaDetectionRule rule = rule("91b76b84-8589-47aa-9605-c837583b82a9");
    ObjectNode password = oktaFailedLogin();
    ((ObjectNode) password.get("actor")).put("alternateId", "Summer2024!");
    ObjectNode serviceAccount = oktaFailedLogin();
    ((ObjectNode) serviceAccount.get("actor")).put("alternateId", "0oa1gkh63g214r0Hq0g4");

    assertThat(rule.matches(password)).isTrue();
    assertThat(rule.matches(oktaFailedLogin())).as("an e-mail address").isFalse();
    assertThat(rule.matches(serviceAccount)).isFalse();
    assertThat(rule.matches(password.put("legacyEventType", "core.user_auth.login_success")))
        .isFalse();
  }

  @Test
  void shouldFlagFastPassDecliningAPhishingSite() {
    SigmaDetectionRule rule = rule("ee39a9f7-5a79-4b0a-9815-d36b3cf28d3e");
    ObjectNode declined = oktaFailedLogin().put("eventType", "user.authentication.auth_via_mfa");
    ((ObjectNode) declined.get("outcome")).put("reason", "FastPass declined phishing attempt");

    assertThat(rule.matches(declined)).isTrue();
    assertThat(rule.matches(oktaFailedLogin().put("eventType", "user.authentication.auth_via_mfa")))
        .isFalse();
  }

  @Test
  void shouldFlagNewBehavioursInTheAdminConsole() {
    SigmaDetectionRule rule = rule("a0b38b70-3cb5-484b-a4eb-c4d8e7bcc0a9");
    String newDevice =
        "{New Geo-Location=NEGATIVE, New Device=POSITIVE, New IP=NEGATIVE, New State=NEGATIVE,"
            + " New Country=NEGATIVE, Velocity=NEGATIVE, New City=NEGATIVE}";
    String nothingNew = newDevice.replace("POSITIVE", "NEGATIVE");

    assertThat(rule.matches(oktaAdminConsoleSignOn(newDevice))).isTrue();
    assertThat(rule.matches(oktaAdminConsoleSignOn(nothingNew))).isFalse();
    assertThat(rule.attack()).containsExactly("T1078.004");
  }

  @Test
  void shouldFlagAnMfaFactorDeactivatedOrReset() {
    SigmaDetectionRule rule = rule("50e068d7-1e6b-4054-87e5-0a592c40c7e0");

    assertThat(rule.matches(oktaFailedLogin().put("eventType", "user.mfa.factor.deactivate")))
        .isTrue();
    assertThat(rule.matches(oktaFailedLogin().put("eventType", "user.mfa.factor.reset_all")))
        .isTrue();
    assertThat(rule.matches(oktaFailedLogin().put("eventType", "user.mfa.factor.activate")))
        .isFalse();
    assertThat(rule.severity()).isEqualTo(Severity.MEDIUM);
  }

  @Test
  void shouldFlagAnAccountLockedOut() {
    SigmaDetectionRule rule = rule("14701da0-4b0f-4ee6-9c95-2ffb4e73bb9a");
    ObjectNode locked =
        oktaFailedLogin()
            .put("eventType", "user.account.lock")
            .put("displayMessage", "Max sign in attempts exceeded");

    assertThat(rule.matches(locked)).isTrue();
    assertThat(rule.matches(oktaFailedLogin())).isFalse();
  }

  @Test
  void shouldFlagAnAdminRoleGranted() {
    SigmaDetectionRule rule = rule("413d4a81-6c98-4479-9863-014785fd579c");

    assertThat(rule.matches(oktaFailedLogin().put("eventType", "group.privilege.grant"))).isTrue();
    assertThat(rule.matches(oktaFailedLogin().put("eventType", "user.account.privilege.grant")))
        .isTrue();
    assertThat(rule.matches(oktaFailedLogin().put("eventType", "user.account.privilege.revoke")))
        .isFalse();
    assertThat(rule.attack()).containsExactly("T1098.003");
  }
}
