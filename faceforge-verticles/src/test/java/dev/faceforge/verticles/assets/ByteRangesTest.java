package dev.faceforge.verticles.assets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faceforge.verticles.assets.ByteRanges.Range;
import java.util.List;
import org.junit.jupiter.api.Test;

class ByteRangesTest {
  @Test
  void noHeaderOrOtherUnitMeansWholeBody() {
    assertThat(ByteRanges.parse(null, 100).whole()).isTrue();
    assertThat(ByteRanges.parse("items=0-5", 100).whole()).isTrue();
  }

  @Test
  void singleOpenEndedAndSuffixRanges() {
    assertThat(ByteRanges.parse("bytes=0-9", 100).ranges()).containsExactly(new Range(0, 9));
    assertThat(ByteRanges.parse("bytes=90-", 100).ranges()).containsExactly(new Range(90, 99));
    assertThat(ByteRanges.parse("bytes=-10", 100).ranges()).containsExactly(new Range(90, 99));
    assertThat(ByteRanges.parse("bytes=-500", 100).ranges()).containsExactly(new Range(0, 99));
    assertThat(ByteRanges.parse("bytes=95-1000", 100).ranges()).containsExactly(new Range(95, 99));
  }

  @Test
  void severalRangesAreSortedAndCoalesced() {
    assertThat(ByteRanges.parse("bytes=50-59, 0-9,10-19", 100).ranges())
        .containsExactly(new Range(0, 19), new Range(50, 59));
  }

  @Test
  void unsatisfiableRangesGive416() {
    assertThat(ByteRanges.parse("bytes=100-", 100).unsatisfiable()).isTrue();
    assertThat(ByteRanges.parse("bytes=-0", 100).unsatisfiable()).isTrue();
    assertThat(ByteRanges.parse("bytes=" + "1-1,".repeat(40) + "2-2", 100).unsatisfiable()).isTrue();
  }

  @Test
  void malformedHeadersAreIgnored() {
    for (String h : List.of("bytes=", "bytes=a-b", "bytes=9-1", "bytes=--1", "bytes=1")) {
      assertThat(ByteRanges.parse(h, 100).whole()).as(h).isTrue();
    }
  }

  @Test
  void contentRangeIsRfcShaped() {
    assertThat(new Range(0, 9).contentRange(100)).isEqualTo("bytes 0-9/100");
  }
}
