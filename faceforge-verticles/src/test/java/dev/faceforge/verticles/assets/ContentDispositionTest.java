package dev.faceforge.verticles.assets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContentDispositionTest {
  @Test
  void asciiNamesAreQuoted() {
    assertThat(ContentDisposition.attachment("ada.png"))
        .isEqualTo("attachment; filename=\"ada.png\"; filename*=UTF-8''ada.png");
  }

  @Test
  void nonAsciiNamesGetAFallbackAndTheExactNameInFilenameStar() {
    assertThat(ContentDisposition.attachment("Zoë €.png"))
        .isEqualTo("attachment; filename=\"Zo_ _.png\"; filename*=UTF-8''Zo%C3%AB%20%E2%82%AC.png");
  }

  @Test
  void quotesNewlinesAndPathsCannotEscapeTheHeader() {
    assertThat(ContentDisposition.attachment("../x\"\r\ny.png")).startsWith("attachment; filename=\"x___y.png\"");
    assertThat(ContentDisposition.attachment(null)).isEqualTo("attachment");
  }
}
