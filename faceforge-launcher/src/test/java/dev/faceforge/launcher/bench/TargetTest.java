package dev.faceforge.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How a goal relative to a reference tool, and a row whose reference is missing, print. */
class TargetTest {
  private static Measurement rates(double... perSecond) {
    Measurement m = new Measurement("MiB/s");
    for (double r : perSecond) {
      m.round((long) r, 1_000_000_000L, null);
    }
    return m;
  }

  @Test
  void shareOfAReferenceIsMetAtExactlyThatShare() {
    Target t = Target.shareOf(0.9, "nginx", 1000);
    assertThat(t.describe("MiB/s")).isEqualTo("≥ 90% of nginx = 900 MiB/s");
    assertThat(t.ratio(rates(800, 900, 1000))).isEqualTo(1.0);
    assertThat(new Row("download", rates(450), t).markdown()).isEqualTo(
        "| download | 450 MiB/s (450–450) | — | — | ≥ 90% of nginx = 900 MiB/s | 0.50× | **misses** |");
  }

  @Test
  void shareOfAReferenceThatDidNotRunIsOnlyReported() {
    Target t = Target.shareOf(0.6, "openssl", Double.NaN);
    assertThat(t.describe("MiB/s")).isEqualTo("≥ 60% of openssl (not measured)");
    assertThat(new Row("upload", rates(300), t).markdown()).isEqualTo(
        "| upload | 300 MiB/s (300–300) | — | — | ≥ 60% of openssl (not measured) | — | reported |");
  }

  @Test
  void aRowThatDidNotRunSaysWhy() {
    assertThat(Row.notRun("nginx: GET", Nginx.NOT_FOUND).markdown())
        .isEqualTo("| nginx: GET | nginx not found: install the nginx package | — | — | — | — | not run |");
  }
}
