package io.sluice.streams.normalize.mimecast.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventInfoTest {

  @Test
  void shouldReadEveryKnownKeyOfTheCommaSeparatedShape() {
    EventInfo info = EventInfo.parse(MimecastAuditEvents.FAILED_INFO);

    assertThat(info.ip()).isEqualTo("203.0.113.7");
    assertThat(info.application()).isEqualTo("mimecast-moa");
    assertThat(info.method()).isEqualTo("Office 365");
    assertThat(info.reason()).isEqualTo("Wrong password");
    assertThat(info.twoFactor()).isNull();
    assertThat(info.fullName()).isEqualTo("Ann Lee");
  }

  @Test
  void shouldReadEmptyAndBlankTextAsNothing() {
    assertThat(EventInfo.parse(null)).isEqualTo(EventInfo.EMPTY);
    assertThat(EventInfo.parse("  ")).isEqualTo(EventInfo.EMPTY);
    assertThat(EventInfo.parse("No changes found.")).isEqualTo(EventInfo.EMPTY);
  }

  @Test
  void shouldReadAnIpAfterAStrayColon() {
    assertThat(EventInfo.parse("Failed, IP: : 203.0.113.7,, Application: x").ip())
        .isEqualTo("203.0.113.7");
  }

  @Test
  void shouldRejectHostNamesAndMalformedAddressesAsIps() {
    assertThat(EventInfo.parse("IP: corp.example").ip()).isNull();
    assertThat(EventInfo.parse("IP: 203.0.113.256").ip()).isNull();
    assertThat(EventInfo.parse("IP: 203.0.113").ip()).isNull();
    assertThat(EventInfo.parse("IP: 1:2:3:4:5:6:7:8:9").ip()).isNull();
    assertThat(EventInfo.parse("IP: 2001:db8::1::2").ip()).isNull();
    assertThat(EventInfo.parse("IP: ::g").ip()).isNull();
    assertThat(EventInfo.parse("IP: \u0663.1.1.1").ip()).isNull();
  }

  @Test
  void shouldAcceptIpv6FormsAndLowerCaseThem() {
    assertThat(EventInfo.parse("IP: 2001:DB8:0:0:0:0:0:1").ip()).isEqualTo("2001:db8:0:0:0:0:0:1");
    assertThat(EventInfo.parse("IP: ::1").ip()).isEqualTo("::1");
    assertThat(EventInfo.parse("IP: ::ffff:192.0.2.1").ip()).isEqualTo("::ffff:192.0.2.1");
    assertThat(EventInfo.parse("IP: [2001:db8::5]").ip()).isEqualTo("2001:db8::5");
  }

  @Test
  void shouldLetTheLastOccurrenceOfAKeyWin() {
    EventInfo info =
        EventInfo.parse(
            "Subject: Reason: fake, IP: 6.6.6.6, Date: x, IP: 203.0.113.7, Reason: real");

    assertThat(info.ip()).isEqualTo("203.0.113.7");
    assertThat(info.reason()).isEqualTo("real");
  }
}
