package io.sluice.streams.detect.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.streams.canonical.Fingerprints;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;

/**
 * An event id kept as its 16 bytes (32 lower-case hex characters) or as text (anything else) reads
 * back as the same text, and orders, compares and fingerprints exactly as its text does: evidence
 * order, redelivery checks and alert evidence must not depend on which form an id took.
 */
class EventRefProperties {

  @Provide
  Arbitrary<String> eventIds() {
    Arbitrary<String> hex = Arbitraries.strings().withChars("0123456789abcdef").ofLength(32);
    Arbitrary<String> upperHex = Arbitraries.strings().withChars("0123456789ABCDEF").ofLength(32);
    Arbitrary<String> other =
        Arbitraries.strings().alpha().numeric().withChars("-_:.é").ofMinLength(1).ofMaxLength(40);
    Arbitrary<String> edges =
        Arbitraries.of(
            "0".repeat(32), "f".repeat(32), "8" + "0".repeat(31), "7" + "f".repeat(31), "abc");
    return Arbitraries.frequencyOf(
        Tuple.of(5, hex), Tuple.of(1, upperHex), Tuple.of(1, other), Tuple.of(1, edges));
  }

  private static EventRef roundTrip(EventRef ref, long base) {
    StateOutput out = new StateOutput(16);
    ref.write(out, base);
    return EventRef.read(new StateInput(out.toByteArray()), base);
  }

  @Property(tries = 2000)
  void readsBackTheSameIdAndFields(
      @ForAll("eventIds") String id,
      @ForAll long time,
      @ForAll int source,
      @ForAll int partition,
      @ForAll long offset) {
    EventRef ref = new EventRef(time, id, Math.abs(source % 1000), partition, offset);
    EventRef read = roundTrip(ref, time - 5);

    assertThat(read.eventId()).isEqualTo(id);
    assertThat(read).isEqualTo(ref).hasSameHashCodeAs(ref);
    assertThat(read.sameEvent(ref)).isTrue();
    assertThat(read.at(time + 1).eventId()).isEqualTo(id);
    assertThat(read.at(time + 1).offset()).isEqualTo(-1);
  }

  @Property(tries = 2000)
  void comparesAndFingerprintsAsTheText(
      @ForAll("eventIds") String a, @ForAll("eventIds") String b) {
    EventRef ra = roundTrip(new EventRef(1, a, 0, 0, 0), 0);
    EventRef rb = roundTrip(new EventRef(1, b, 0, 0, 0), 0);

    assertThat(Integer.signum(EventRef.compareIds(ra, rb)))
        .isEqualTo(Integer.signum(a.compareTo(b)));
    assertThat(ra.sameEvent(rb)).isEqualTo(a.equals(b));
    long fp = Fingerprints.ofEventId(a);
    assertThat(ra.fingerprint()).isEqualTo((int) (fp ^ (fp >>> 32)));
  }

  @Property(tries = 200)
  void keepsAHexIdInSixteenBytes(
      @ForAll @CharRange(from = '0', to = '9') @StringLength(32) String digits) {
    StateOutput out = new StateOutput(16);
    new EventRef(0, digits, 0, 0, 0).write(out, 0);
    // time, form, 16 id bytes, source, partition, offset: the text would take 33 bytes alone
    assertThat(out.size()).isEqualTo(1 + 1 + 16 + 1 + 1 + 1);
  }
}
