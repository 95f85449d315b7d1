package dev.faceforge.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimesTest {
  @Test
  void formatsAndParsesLikeJavaTimeAcrossCenturies() {
    SplittableRandom random = new SplittableRandom(42);
    long min = Instant.parse("0001-01-01T00:00:00Z").toEpochMilli();
    long max = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();
    for (int i = 0; i < 200_000; i++) {
      Instant t = Instant.ofEpochMilli(random.nextLong(min, max + 1));
      String expected = DateTimeFormatter.ISO_INSTANT.format(t);
      String s = Times.format(t);
      assertThat(s).hasSize(24).startsWith(expected.substring(0, 19));
      assertThat(Instant.parse(s)).isEqualTo(t);
      assertThat(Times.parse(s)).isEqualTo(t);
    }
  }

  @Test
  void edgesOfDaysMonthsAndLeapYears() {
    for (String s : new String[] {"1970-01-01T00:00:00.000Z", "1969-12-31T23:59:59.999Z", "2024-02-29T12:00:00.500Z",
        "2000-02-29T00:00:00.001Z", "2026-12-31T23:59:59.999Z", "0001-01-01T00:00:00.000Z"}) {
      assertThat(Times.format(Times.parse(s))).isEqualTo(s);
      assertThat(Times.parse(s)).isEqualTo(Instant.parse(s));
    }
  }

  @Test
  void otherShapesGoThroughJavaTimeAndBadOnesAreRefusedTheSameWay() {
    assertThat(Times.parse("2026-11-22T07:15:00Z")).isEqualTo(Instant.parse("2026-11-22T07:15:00Z"));
    assertThat(Times.parse("2026-11-22T07:15:00.123456Z")).isEqualTo(Instant.parse("2026-11-22T07:15:00.123456Z"));
    // java.time reads 24:00 as the next day's midnight; so does Times
    assertThat(Times.parse("2026-11-22T24:00:00.000Z")).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
    for (String bad : new String[] {"2023-02-29T00:00:00.000Z", "2026-13-01T00:00:00.000Z", "2026-11-31T00:00:00.000Z",
        "2026-11-22T24:00:01.000Z", "2026-11-22T07:1x:00.000Z", "2026-11-22 07:15:00.000Z", ""}) {
      assertThatThrownBy(() -> Times.parse(bad)).as(bad).isInstanceOf(DateTimeParseException.class);
    }
  }
}
