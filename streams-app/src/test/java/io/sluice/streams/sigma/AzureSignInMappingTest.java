package io.sluice.streams.sigma;

import static io.sluice.streams.sigma.SigmaRecords.entraFailedSignIn;
import static io.sluice.streams.sigma.SigmaRecords.entraSignInAsAzureMonitorExport;
import static io.sluice.streams.sigma.SigmaRecords.entraSuccessfulSignIn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SigmaHQ's azure/signinlogs rules name Azure Monitor's SigninLogs columns; raw.entra.signins holds
 * Graph signIn records (docs/feeds/entra-signins.md). Both shapes, and the Azure Monitor export
 * that wraps Graph's fields in {@code properties}, must read the same.
 */
class AzureSignInMappingTest {
  private static SigmaDetectionRule azureRule(String detection) {
    return SigmaRecords.rule("azure", "signinlogs", detection);
  }

  @ParameterizedTest(name = "{0} reads {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ResultType|50126",
        "ResultDescription|Invalid username or password",
        "Location|RO",
        "LocationDetails.city|Bucharest",
        "ClientApp|Browser",
        "ClientAppUsed|Browser",
        "ConditionalAccessPolicies.displayName|Require MFA for admins",
        "Identity|Ann Lee",
        "TimeGenerated|2024-05-02T19:15:41.6195833Z",
        "UserPrincipalName|ann@corp.example",
        "AppDisplayName|Office 365 Exchange Online",
        "IPAddress|203.0.113.20",
        "ConditionalAccessStatus|notApplied",
        "RiskState|none",
        "RiskLevelDuringSignIn|none",
        "AppId|de8bc8b5-d9f9-48b1-a8ad-b748da725064",
        "IsInteractive|true",
        "DeviceDetail.operatingSystem|Windows 10",
        "Status|Failure",
        "Status.errorCode|50126",
        "properties.status.errorCode|50126",
        "userAgent|",
      })
  void shouldReadAnAzureMonitorNameFromAGraphRecordAndFromTheExport(
      String sigmaField, String expected) {
    SigmaDetectionRule rule =
        azureRule(
            """
            selection:
              UserPrincipalName|exists: true
            condition: selection
            """);

    assertThat(rule.fieldValue(entraFailedSignIn(), sigmaField)).isEqualTo(expected);
    assertThat(rule.fieldValue(entraSignInAsAzureMonitorExport(), sigmaField)).isEqualTo(expected);
  }

  @Test
  void shouldMatchResultTypeWrittenAsTextOrNumberAgainstGraphsNumericErrorCode() {
    SigmaDetectionRule text =
        azureRule(
            """
            selection:
              ResultType|startswith: '5'
            filter:
              ResultType:
                - '50140'
                - '0'
            condition: selection and not filter
            """);
    SigmaDetectionRule number =
        azureRule(
            """
            selection:
              ResultType: 50126
              ResultDescription|contains: 'username or password'
            condition: selection
            """);

    assertThat(text.matches(entraFailedSignIn())).isTrue();
    assertThat(text.matches(entraSuccessfulSignIn())).isFalse();
    assertThat(number.matches(entraFailedSignIn())).isTrue();
    assertThat(number.matches(entraSignInAsAzureMonitorExport())).isTrue();
    assertThat(number.matches(entraSuccessfulSignIn())).isFalse();
  }

  @Test
  void shouldDeriveStatusSuccessFromErrorCodeZero() {
    SigmaDetectionRule rule =
        azureRule(
            """
            selection:
              Status: 'Success'
              AuthenticationRequirement: singleFactorAuthentication
            condition: selection
            """);
    ObjectNode singleFactor =
        entraSuccessfulSignIn().put("authenticationRequirement", "singleFactorAuthentication");

    assertThat(rule.matches(singleFactor)).isTrue();
    assertThat(
            rule.matches(
                entraFailedSignIn().put("authenticationRequirement", "singleFactorAuthentication")))
        .isFalse();
    assertThat(
            rule.matches(
                entraSuccessfulSignIn()
                    .put("authenticationRequirement", "multiFactorAuthentication")))
        .isFalse();
  }

  @Test
  void shouldMatchCountryAndDeviceFieldsOfTheGraphRecord() {
    SigmaDetectionRule rule =
        azureRule(
            """
            selection:
              Status: Success
              DeviceDetail.isCompliant: false
            filter:
              Location|contains: GB
            condition: selection and not filter
            """);
    ObjectNode nonCompliant = entraSuccessfulSignIn();
    ((ObjectNode) nonCompliant.get("deviceDetail")).put("isCompliant", false);
    ObjectNode fromGb = nonCompliant.deepCopy();
    ((ObjectNode) fromGb.get("location")).put("countryOrRegion", "GB");

    assertThat(rule.matches(nonCompliant)).isTrue();
    assertThat(rule.matches(fromGb)).isFalse();
    assertThat(rule.matches(entraSuccessfulSignIn())).as("isCompliant is null").isFalse();
  }

  @Test
  void shouldReadRuleFieldsWrittenAgainstTheExportFromAGraphRecord() {
    SigmaDetectionRule rule =
        azureRule(
            """
            selection:
              properties.appDisplayName: Office 365 Exchange Online
              properties.status.errorCode: 50126
            condition: selection
            """);

    assertThat(rule.matches(entraFailedSignIn())).isTrue();
    assertThat(rule.matches(entraSignInAsAzureMonitorExport())).isTrue();
    assertThat(rule.matches(entraSuccessfulSignIn())).isFalse();
  }

  @Test
  void shouldLeaveOtherFeedsWithoutTheAzureNames() {
    SigmaDetectionRule okta =
        SigmaRecords.oktaRule(
            """
            selection:
              eventType|exists: true
            condition: selection
            """);
    ObjectNode oktaLikeGraph = entraFailedSignIn();

    assertThat(okta.fieldValue(oktaLikeGraph, "ResultType")).isNull();
    assertThat(okta.fieldValue(oktaLikeGraph, "status.errorCode")).isEqualTo("50126");
  }
}
