package io.sluice.streams.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiRequestsTest {
  @Test
  void shouldDefaultTopToTenWhenAbsent() {
    assertThat(ApiRequests.top(null)).isEqualTo(10);
    assertThat(ApiRequests.top("other=1")).isEqualTo(10);
  }

  @Test
  void shouldAcceptTopFromOneToAThousand() {
    assertThat(ApiRequests.top("top=1")).isEqualTo(1);
    assertThat(ApiRequests.top("x=y&top=1000")).isEqualTo(1000);
  }

  @ParameterizedTest
  @ValueSource(strings = {"top=abc", "top=0", "top=-3", "top=1001", "top=", "top", "top=1.5"})
  void shouldRejectATopThatIsNotAWholeNumberFromOneToAThousand(String query) {
    assertThatThrownBy(() -> ApiRequests.top(query))
        .isInstanceOf(BadRequestException.class)
        .hasMessage("parameter 'top' must be a whole number from 1 to 1000");
  }

  @Test
  void shouldNotEchoTheRejectedValue() {
    assertThatThrownBy(() -> ApiRequests.top("top=s3cr3t"))
        .isInstanceOf(BadRequestException.class)
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void shouldDecodeTrimAndLowerCaseTheUser() {
    assertThat(ApiRequests.user("%20Ann.Lee%40Corp.Example%20")).isEqualTo("ann.lee@corp.example");
  }

  @Test
  void shouldKeepAPlusInAUserNameAsAPlus() {
    assertThat(ApiRequests.user("ann+alerts@corp.example")).isEqualTo("ann+alerts@corp.example");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "%20%20", "%09"})
  void shouldRejectAnEmptyUser(String segment) {
    assertThatThrownBy(() -> ApiRequests.user(segment))
        .isInstanceOf(BadRequestException.class)
        .hasMessage("user must not be empty");
  }

  @Test
  void shouldRejectBadPercentEncodingAndControlCharactersAndOverlongNames() {
    assertThatThrownBy(() -> ApiRequests.user("ann%zz")).isInstanceOf(BadRequestException.class);
    assertThatThrownBy(() -> ApiRequests.user("ann%0Aforged"))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("control characters");
    assertThatThrownBy(() -> ApiRequests.user("a".repeat(321)))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("at most 320");
  }
}
